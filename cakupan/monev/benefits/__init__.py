"""Benefits paid: the claims paid by program, region and month (the `benefits` dataset), a region's page, API
operation and download rows."""
