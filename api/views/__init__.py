"""View modules; importing them registers their routes on the API blueprint."""
