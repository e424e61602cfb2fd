"""Public pages cached under a per-place version that every write bumps (docs/caching.md)."""
