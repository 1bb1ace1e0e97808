"""Identifiers in case text swapped for placeholders before a request leaves the machine."""
