"""lamhub package."""
