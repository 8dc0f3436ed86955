"""The six-monthly national summary and the report to the President: the page's figures as a PDF, a
workbook and a Word file (`report`), and their API operation (`api`)."""
