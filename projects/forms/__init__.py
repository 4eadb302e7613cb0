"""Forms of the key projects: the library (`projects`) and monthly updates, problems, rates and snapshots (`updates`)."""
