"""Place search: one ranked search over what each app registers as searchable (docs/search.md)."""
