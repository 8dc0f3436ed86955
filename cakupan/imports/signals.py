"""Sent after a transaction that changed figures has committed (an import), for work that follows from
new figures, such as drawing the charts ahead of the readers."""

from __future__ import annotations

from django.dispatch import Signal

# Keyword arguments: batch (the imports.ImportBatch that changed them).
figures_changed = Signal()
