"""Notices: read a platform notice, judge whether it is genuine, extract its facts, diagnose it."""
