"""The Streamlit reviewer workspace: pages and components; all saved state lives in the review
store, and only process-wide resources (the drafting chain, the searcher) are cached."""
