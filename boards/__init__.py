"""Boards: recovery boards, thematic subgroups, community boards."""
