"""Boards: recovery boards, thematic subgroups, community boards (built in its own issue)."""
