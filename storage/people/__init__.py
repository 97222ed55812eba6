"""A person across every feature: the office's search, their file, and its erasure."""
