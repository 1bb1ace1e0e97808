"""The case chat: what a question asks (intent), the extractive answer, readable excerpt labels,
and turning an answer into an item's rationale."""
