"""`python -m cakupan.cli ...`, as the installed `cakupan` command."""

import sys

from cakupan.cli import main

sys.exit(main())
