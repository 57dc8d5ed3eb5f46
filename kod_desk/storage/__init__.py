"""Storage: the only package that imports SQLAlchemy (models, engine, migrations, backups)."""
