"""Repositories: SQL lives here, domain objects go in and out."""
