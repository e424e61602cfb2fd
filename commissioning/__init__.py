"""Commissioning: co-designed tenders and their public timeline (built in its own issue)."""
