"""Funding: vulnerable-worker funding (every funder) and the budget lines of the regional budgets, with the
funding check: models, selectors, forms, views, API operation and download rows (their imports are the
stores in `cakupan.monev.services`)."""
