"""Non-ASN staff coverage: how many of a region's non-civil-servant staff are covered, entered by agency and
month or taken from a matched list: model, services, selectors, form, views and download rows."""
