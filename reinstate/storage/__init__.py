"""Persistence: engine factory, tables, migrations."""
