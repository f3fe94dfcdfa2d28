"""`python -m generator` runs the `practice-bank` command line."""

import sys

from .cli import main

sys.exit(main())
