"""The 亩均 pages: rules and prices (`rules`), yearly data and its import (`yeardata`), runs and results
(`runs`), objections (`objections`), rectifications (`rectifications`); shared pieces in `base`."""
