"""Computed sources of smart transformation (filled in below)."""
