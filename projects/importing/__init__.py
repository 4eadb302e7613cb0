"""Excel imports of the key projects: the library (`projects`) and the monthly-update template (`updates`)."""
