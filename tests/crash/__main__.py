"""`python -m tests.crash`: the crash harness on its own (see tests/crash/harness.py)."""

import sys

from tests.crash.harness import main

sys.exit(main())
