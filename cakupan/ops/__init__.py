"""Running Cakupan for real: health and readiness, structured logs, the production server's settings."""
