"""Mapping: needs, services and community assets."""
