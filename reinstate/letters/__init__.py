"""Appeal letters: a linter that catches what platforms reject."""
