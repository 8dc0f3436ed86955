"""What is wrong with a file: the core's one problem type, re-exported where the engine always took it."""

from __future__ import annotations

from cakupan.core.problems import (
    HIDDEN,
    N_,
    NIK_DIGITS,
    NIK_LIKE,
    FileProblems,
    Problem,
    Translate,
    shown,
    untranslated,
)

__all__ = [
    "HIDDEN",
    "NIK_DIGITS",
    "NIK_LIKE",
    "N_",
    "FileProblems",
    "Problem",
    "Translate",
    "shown",
    "untranslated",
]
