"""``python -m servicehandbok.cli``: the contributor commands from the source tree."""

import sys

from . import main

sys.exit(main())
