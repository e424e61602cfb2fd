"""My work: everything waiting on one person in a place, gathered from every app (registry.py)."""
