"""Batch drafting: many cases at once, resumable, bounded in concurrency and in spend."""
