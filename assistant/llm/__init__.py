"""Model backends for drafting and chat, chosen in one place by settings."""
