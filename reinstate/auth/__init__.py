"""Organisations, members, sign-in and API tokens."""
