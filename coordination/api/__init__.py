"""The REST API: root, auth, pagination, errors and the core endpoints."""
