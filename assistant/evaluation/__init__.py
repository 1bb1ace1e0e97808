"""Evaluation of drafts against reference determination letters (`imr eval`)."""
