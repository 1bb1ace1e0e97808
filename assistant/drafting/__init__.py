"""Drafting: cases in, cited per-item drafts out."""
