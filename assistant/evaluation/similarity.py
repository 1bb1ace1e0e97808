"""Embedding similarity of the texts of a run, embedded together in one batched call."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.evaluation import metrics
from assistant.evaluation.score import Similarity

Embed = Callable[[list[str]], list[list[float]]]
"""`embed(texts)`: one vector per text (e.g. `Embeddings.embed_documents`)."""


def text_similarity(embed: Embed, texts: Sequence[str]) -> Similarity:
    """Cosine similarity between any two of `texts`, each distinct text embedded once.

    Embedding the run's texts in one call lets the model batch texts of similar length; the
    shuffled floor then compares texts that are already embedded.
    """
    distinct = list(dict.fromkeys(texts))
    vectors = dict(zip(distinct, embed(distinct), strict=True))

    def similarity(a: str, b: str) -> float:
        return metrics.cosine(vectors[a], vectors[b])

    return similarity
