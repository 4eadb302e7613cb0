"""Tests of the key-project library.

`tests.factories` is imported first: it merges `projects.tests.factories` into FACTORIES at its end,
so importing this app's factories directly must not start that cycle from the app's side.
"""

import tests.factories  # noqa: F401
