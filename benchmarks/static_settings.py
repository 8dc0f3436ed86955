"""The settings of `benchmarks.charts`' server: the product's, with static files served from collectstatic's
output, compressed, as in production (outside production they are served from the package, uncompressed),
so that the phone measurement pays for the bytes a phone would."""

from __future__ import annotations

from cakupan.settings import *  # noqa: F403

WHITENOISE_USE_FINDERS = False
