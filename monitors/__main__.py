"""``python -m monitors``: see ``monitors.cli``."""

import sys

from monitors.cli import main

if __name__ == "__main__":
    sys.exit(main())
