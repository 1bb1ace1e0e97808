"""The vector store and the embedding models that fill it."""
