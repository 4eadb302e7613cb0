"""Load the shared factories first: they merge this app's FACTORIES (tests/factories.py) without an import cycle."""

import tests.factories  # noqa: F401
