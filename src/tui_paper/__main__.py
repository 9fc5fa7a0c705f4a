"""``python -m tui_paper``."""

import sys

from tui_paper.cli import main

sys.exit(main())
