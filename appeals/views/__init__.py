"""Pages of the requests: the requests themselves, their figures, the hotline import."""
