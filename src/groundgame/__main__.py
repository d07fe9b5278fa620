"""``python -m groundgame`` runs the command line."""

import sys

from groundgame.cli import main

sys.exit(main())
