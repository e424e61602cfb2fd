"""Funding: programmes, bids, decisions and feedback."""
