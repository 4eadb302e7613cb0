"""Load tests.factories first: it merges every app's factories, this app's included (no partial import)."""

import tests.factories  # noqa: F401
