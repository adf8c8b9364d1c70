"""``python -m medialit ...``: see medialit/cli.py."""
import sys

from .cli import main

sys.exit(main())
