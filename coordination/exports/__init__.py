"""Open data exports built into storage by tasks and served as files with ETags.

Apps register their exports (``registry.register_export``) from ``registration.py``; see
docs/open-data.md ("Files built by tasks").
"""
