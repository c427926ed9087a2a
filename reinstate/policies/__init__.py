"""Platform policy packs: every rule of a platform as data, one schema-checked YAML per folder."""
