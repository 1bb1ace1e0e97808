"""Hybrid retrieval: dense vectors from Chroma and a BM25 ranking, fused by reciprocal rank."""
