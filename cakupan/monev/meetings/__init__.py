"""Meetings: Monev meetings, their items, follow-ups, attendance and signatories, the minutes (`minutes`), the
overdue list and a region's timeline: models, services, selectors, forms, views, API operation and download
rows."""
