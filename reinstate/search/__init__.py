"""Search across the workbench: stores, cases, notices and evidence files."""
