"""Association risk: stores linked by shared identifiers, explained (issue 18)."""
