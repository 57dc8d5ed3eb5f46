"""Qt user interface. Never imports SQLAlchemy and never runs SQL: it calls services."""
