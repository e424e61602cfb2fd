"""Commissioning: co-designed tenders and their public timeline."""
