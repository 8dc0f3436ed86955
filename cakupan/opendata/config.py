"""Settings of the open-data pages, read from the environment when used (not at start-up of settings)."""

from __future__ import annotations

from cakupan.common.env import envint

SUPPRESSION_K_VARIABLE = "CAKUPAN_SUPPRESSION_K"
SUPPRESSION_K_DEFAULT = 10


def suppression_k() -> int:
    """The small-cell threshold k: district and village counts from 1 to k − 1 are not published.

    `CAKUPAN_SUPPRESSION_K`, a whole number of at least 1 (1 publishes every count); 10 by default.
    """
    return envint(SUPPRESSION_K_VARIABLE, SUPPRESSION_K_DEFAULT, minimum=1)
