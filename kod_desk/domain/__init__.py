"""Pure domain: ids, enums, value objects and rules. Imports neither Qt nor SQLAlchemy."""
