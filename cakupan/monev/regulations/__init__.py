"""Regulations: the regions' regulations with their documents and the Inpres 2/2021 instructions they act on
(the matrix): models, services, selectors, forms, views, API operations and download rows."""
