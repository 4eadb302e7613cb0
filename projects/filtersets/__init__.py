"""Filters of the key projects: the library (`projects`) and monthly updates, problems and snapshots (`updates`)."""
