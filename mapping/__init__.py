"""Mapping: needs, services and community assets (built in its own issue)."""
