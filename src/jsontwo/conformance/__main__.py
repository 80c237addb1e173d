"""``python -m jsontwo.conformance``: see ``jsontwo.conformance.cli``."""

import sys

from jsontwo.conformance.cli import main

sys.exit(main())
