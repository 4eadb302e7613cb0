# The project's factories first: they merge this app's FACTORIES at import time (tests/factories.py).
import tests.factories  # noqa: F401
