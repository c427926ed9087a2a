"""Today: what needs attention now, gathered from every context (:mod:`.sources`)."""
