"""Outreach: Perisai agents (people, village enterprises and partners that enrol informal workers), their
monthly figures and socialisation activities: models, services (entry and the `perisai_agents` store),
selectors, forms, views and API operations."""
