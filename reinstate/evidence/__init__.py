"""Evidence: the files a seller submits, checked before the platform sees them."""
