"""A BM25 (Okapi) index over chunk texts, with an inverted index in NumPy arrays."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from assistant.text import tokenize


class BM25Index:
    """Okapi BM25 (k1, b); scores are computed only for documents holding a query term."""

    def __init__(self, texts: Sequence[str], *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self.size = len(texts)
        lengths = np.zeros(self.size, dtype=np.float32)
        postings: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for doc, text in enumerate(texts):
            counts = Counter(tokenize(text))
            lengths[doc] = sum(counts.values())
            for term, tf in counts.items():
                docs, tfs = postings[term]
                docs.append(doc)
                tfs.append(tf)
        average = float(lengths.mean()) if self.size else 0.0
        self._norm = k1 * (1 - b + b * lengths / max(average, 1e-9))
        self._postings: dict[str, tuple[NDArray[np.int64], NDArray[np.float32]]] = {
            term: (np.asarray(docs, dtype=np.int64), np.asarray(tfs, dtype=np.float32))
            for term, (docs, tfs) in postings.items()
        }

    def idf(self, term: str) -> float:
        posting = self._postings.get(term)
        frequency = 0 if posting is None else len(posting[0])
        return float(np.log(1.0 + (self.size - frequency + 0.5) / (frequency + 0.5)))

    def scores(self, query: str) -> NDArray[np.float32]:
        """BM25 score of every document for the query (zeros where no term matches)."""
        total = np.zeros(self.size, dtype=np.float32)
        for term, weight in Counter(tokenize(query)).items():
            posting = self._postings.get(term)
            if posting is None:
                continue
            docs, tfs = posting
            gain = tfs * (self.k1 + 1) / (tfs + self._norm[docs])
            total[docs] += np.float32(self.idf(term) * weight) * gain
        return total

    def top(
        self, query: str, n: int, allowed: NDArray[np.bool_] | None = None
    ) -> list[tuple[int, float]]:
        """The n best documents with a positive score, optionally restricted by a mask."""
        scores = self.scores(query)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0).astype(np.float32)
        candidates = np.flatnonzero(scores > 0)
        if candidates.size == 0:
            return []
        if candidates.size > n:
            best = np.argpartition(-scores[candidates], n - 1)[:n]
            candidates = candidates[best]
        ordered = candidates[np.argsort(-scores[candidates], kind="stable")]
        return [(int(doc), float(scores[doc])) for doc in ordered[:n]]
