"""`python -m generator` runs the `practice-bank` command line."""

import sys

from generator.cli import main

sys.exit(main())
