"""Pages of the key projects: the library (`projects`), monthly updates, problems, rates and snapshots (`updates`), the monthly-update Excel upload (`uploads`)."""
