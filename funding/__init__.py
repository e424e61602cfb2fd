"""Funding: programmes, bids, decisions and feedback (built in its own issue)."""
