"""The six-monthly national summary and the report to the President: the page's figures as a PDF, a
workbook and a Word file (`report`) and their API operation (`api`); the addressees' reports and the
ministry's narrative that go into it (models, services, selectors, forms, views, `addressee_api`)."""
