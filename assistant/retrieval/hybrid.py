"""Hybrid search of one collection: dense (Chroma), lexical (BM25) and alias hits, fused by RRF."""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings
from numpy.typing import NDArray

from assistant.corpus.chunks import ChunkKind
from assistant.corpus.classify import LIMBS, region_fits, region_spans, request_region
from assistant.corpus.topics import is_drug_name
from assistant.letters.sources import is_mtus
from assistant.retrieval.aliases import AliasIndex, AliasMatch
from assistant.retrieval.models import Mode, RetrievalFilter, RetrievedChunk
from assistant.retrieval.query import expand_abbreviations
from assistant.retrieval.snapshot import CollectionSnapshot, alias_index_for
from assistant.settings import Settings
from assistant.store.collections import EmbeddingIdentity, open_collection

ALIAS_TOPICS = 4
POSTOP_CUE = re.compile(
    r"\b(post[- ]?op\w*|post[- ]?surg\w*|post[- ]?fusion|after|following|status post|s/p)\b", re.I
)
POSTSURGICAL_DAMPING = 0.5
QUERY_VECTOR_CACHE = 2048  # query embeddings kept, by text (guideline and example searches share)
STAMP_CHECK_S = 1.0  # how often a collection is asked whether an ingest has changed it


def is_postoperative(query: str) -> bool:
    """Whether a request concerns care after surgery (when the Postsurgical guidelines apply)."""
    return bool(POSTOP_CUE.search(query))


def _topic_regions(snapshot: CollectionSnapshot, topic_id: str) -> list[str]:
    members = snapshot.by_topic.get(topic_id)
    return snapshot.metas[members[0]].body_regions if members else []


def named_topics(
    matches: Sequence[AliasMatch], region: str, regions_of: Callable[[str], Sequence[str]]
) -> list[AliasMatch]:
    """The alias matches that name a topic of the query's body region, best first; for a whole
    limb, a topic of the whole limb before one of a single joint that the query names as
    strongly."""
    fitting = [match for match in matches if region_fits(region, regions_of(match.topic_id))]
    if region not in LIMBS:
        return fitting
    return sorted(
        fitting,
        key=lambda match: (-match.score, not region_spans(region, regions_of(match.topic_id))),
    )


def reciprocal_rank_fusion(rankings: list[tuple[list[int], float]], rrf_k: int) -> dict[int, float]:
    """Sum of weight / (rrf_k + rank) over the rankings each item appears in (ranks from 1)."""
    fused: dict[int, float] = {}
    for ranking, weight in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (rrf_k + rank)
    return fused


class CorpusSearcher:
    """Searches the guideline and determination collections; one per process is enough."""

    def __init__(
        self, settings: Settings, embeddings: Embeddings, identity: EmbeddingIdentity
    ) -> None:
        self.settings = settings
        self.embeddings = embeddings
        self.identity = identity
        self._collections: dict[ChunkKind, Any] = {}
        self._snapshots: dict[ChunkKind, CollectionSnapshot] = {}
        self._checked: dict[ChunkKind, float] = {}
        self._aliases: tuple[Any, AliasIndex] | None = None
        self._drug_names: tuple[Any, frozenset[str]] | None = None
        self._lock = threading.Lock()
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._vectors_lock = threading.Lock()

    def query_vector(self, text: str) -> list[float]:
        """The query's embedding, from a small LRU cache (embedding is the costliest step)."""
        with self._vectors_lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
                return vector
        vector = self.embeddings.embed_query(text)
        with self._vectors_lock:
            self._vectors[text] = vector
            if len(self._vectors) > QUERY_VECTOR_CACHE:
                self._vectors.popitem(last=False)
        return vector

    def forget_query_vectors(self) -> None:
        """Empty the query-embedding cache (benchmarks start each run cold)."""
        with self._vectors_lock:
            self._vectors.clear()

    def collection(self, kind: ChunkKind) -> Any:
        if kind not in self._collections:
            self._collections[kind] = open_collection(
                self.settings, kind, self.embeddings, self.identity, create=False
            )
        return self._collections[kind]

    def snapshot(self, kind: ChunkKind) -> CollectionSnapshot:
        """The lexical view of a collection, reloaded when an ingest has changed it.

        Whether it changed is asked at most every `STAMP_CHECK_S` seconds: a search makes several
        calls, and each question costs a store round trip.
        """
        with self._lock:
            current = self._snapshots.get(kind)
            now = time.monotonic()
            if current is not None and now - self._checked.get(kind, 0.0) < STAMP_CHECK_S:
                return current
            collection = self.collection(kind)
            stamp = (collection.count(), (collection.metadata or {}).get("ingested_at"))
            if current is None or current.stamp != stamp:
                exact = stamp[0] <= self.settings.retrieval.exact_dense_max_chunks
                current = CollectionSnapshot.load(collection, stamp, with_vectors=exact)
                self._snapshots[kind] = current
            self._checked[kind] = time.monotonic()
            return current

    def prefetch(self, queries: list[str]) -> int:
        """Embed the search texts of many queries in batches, ahead of their searches.

        A batch run knows every item title up front; embedding them together costs about half
        as much per query as one at a time. Returns how many new vectors were computed.
        """
        wanted = list(dict.fromkeys(self.search_text(query) for query in queries))
        with self._vectors_lock:
            missing = [text for text in wanted if text not in self._vectors]
        missing = missing[:QUERY_VECTOR_CACHE]
        if not missing:
            return 0
        vectors = self.embeddings.embed_documents(missing)
        with self._vectors_lock:
            for text, vector in zip(missing, vectors, strict=True):
                self._vectors[text] = vector
                self._vectors.move_to_end(text)
            while len(self._vectors) > QUERY_VECTOR_CACHE:
                self._vectors.popitem(last=False)
        return len(missing)

    def search_text(self, query: str) -> str:
        """The text the dense and lexical rankings search: the query with its abbreviations
        spelled out, followed by the names of the topics its aliases name."""
        return self.aliases().expand(query, text=expand_abbreviations(query))

    def aliases(self) -> AliasIndex:
        guidelines = self.snapshot(ChunkKind.GUIDELINE)
        if self._aliases is None or self._aliases[0] != guidelines.stamp:
            self._aliases = (guidelines.stamp, alias_index_for([guidelines]))
        return self._aliases[1]

    def search(
        self,
        query: str,
        *,
        kind: ChunkKind = ChunkKind.GUIDELINE,
        k: int | None = None,
        where: RetrievalFilter | None = None,
        mode: Mode = Mode.HYBRID,
    ) -> list[RetrievedChunk]:
        """The k best chunks of one collection for the query."""
        retrieval = self.settings.retrieval
        if k is None:
            k = (
                retrieval.k_guidelines
                if kind is ChunkKind.GUIDELINE
                else retrieval.k_determinations
            )
        where = where or RetrievalFilter()
        if kind is ChunkKind.GUIDELINE:
            where = where.model_copy(update={"exclude_letter_ids": []})
        snapshot = self.snapshot(kind)
        if k <= 0 or len(snapshot) == 0:
            return []
        aliases = self.aliases()
        expanded = self.search_text(query)
        candidates = min(retrieval.candidates, len(snapshot))
        mask = snapshot.mask(where)
        rankings: list[tuple[list[int], float]] = []
        dense: list[int] = []
        lexical: list[int] = []
        alias: list[int] = []
        if mode in (Mode.HYBRID, Mode.DENSE):
            dense = self._dense(kind, snapshot, expanded, candidates, where, mask)
            rankings.append((dense, retrieval.dense_weight))
        if mode in (Mode.HYBRID, Mode.LEXICAL):
            lexical = [doc for doc, _ in snapshot.bm25.top(expanded, candidates, mask)]
            rankings.append((lexical, retrieval.lexical_weight))
        if mode is Mode.HYBRID:
            alias = self._alias_ranking(snapshot, aliases, query, where)
            rankings.append((alias, retrieval.alias_weight))
        fused = reciprocal_rank_fusion(rankings, retrieval.rrf_k)
        if mode is Mode.HYBRID:
            postoperative = is_postoperative(query)
            for doc in fused:
                source = snapshot.metas[doc].source
                if is_mtus(source):
                    fused[doc] *= 1 + retrieval.mtus_boost
                if source == "postsurgical" and not postoperative:
                    fused[doc] *= POSTSURGICAL_DAMPING
        ordered = sorted(fused, key=lambda doc: (-fused[doc], snapshot.ids[doc]))
        ranks = {
            name: {doc: rank for rank, doc in enumerate(ranking, 1)}
            for name, ranking in (("dense", dense), ("lexical", lexical), ("alias", alias))
        }
        per_topic: dict[str, int] = {}
        results: list[RetrievedChunk] = []
        for doc in ordered:
            meta = snapshot.metas[doc]
            if kind is ChunkKind.GUIDELINE and meta.topic_id:
                if per_topic.get(meta.topic_id, 0) >= retrieval.max_per_topic:
                    continue
                per_topic[meta.topic_id] = per_topic.get(meta.topic_id, 0) + 1
            results.append(
                RetrievedChunk(
                    chunk_id=snapshot.ids[doc],
                    kind=kind,
                    citation=meta.citation,
                    score=fused[doc],
                    text=snapshot.texts[doc],
                    meta=meta,
                    dense_rank=ranks["dense"].get(doc),
                    lexical_rank=ranks["lexical"].get(doc),
                    alias_rank=ranks["alias"].get(doc),
                )
            )
            if len(results) == k:
                break
        return results

    def topic_chunks(self, topic_id: str, score: float = 0.0) -> list[RetrievedChunk]:
        """Every guideline chunk of one topic, in section order (Criteria, Summary, Applying it)."""
        snapshot = self.snapshot(ChunkKind.GUIDELINE)
        return [
            RetrievedChunk(
                chunk_id=snapshot.ids[doc],
                kind=ChunkKind.GUIDELINE,
                citation=snapshot.metas[doc].citation,
                score=score,
                text=snapshot.texts[doc],
                meta=snapshot.metas[doc],
            )
            for doc in snapshot.by_topic.get(topic_id, [])
        ]

    def drug_names(self) -> frozenset[str]:
        """Lowercased names of every medication the guideline corpus knows (its aliases)."""
        snapshot = self.snapshot(ChunkKind.GUIDELINE)
        with self._lock:
            if self._drug_names is None or self._drug_names[0] != snapshot.stamp:
                names = {
                    alias.lower()
                    for meta in snapshot.metas
                    if meta.category == "medication"
                    for alias in meta.aliases
                    if is_drug_name(alias)
                }
                self._drug_names = (snapshot.stamp, frozenset(names))
            return self._drug_names[1]

    def _dense(
        self,
        kind: ChunkKind,
        snapshot: CollectionSnapshot,
        text: str,
        candidates: int,
        where: RetrievalFilter,
        mask: NDArray[np.bool_] | None,
    ) -> list[int]:
        vector = self.query_vector(text)
        exact = snapshot.nearest(vector, candidates, mask)
        if exact is not None:
            return exact
        found = self.collection(kind).query(
            query_embeddings=[vector],
            n_results=candidates,
            where=where.to_chroma_where(),
            include=["distances"],
        )
        return [
            snapshot.position[chunk_id]
            for chunk_id in found["ids"][0]
            if chunk_id in snapshot.position
        ]

    @staticmethod
    def _alias_ranking(
        snapshot: CollectionSnapshot, aliases: AliasIndex, query: str, where: RetrievalFilter
    ) -> list[int]:
        """The chunks of the topics the query names (`named_topics`), best first."""
        ranking: list[int] = []

        def regions_of(topic_id: str) -> list[str]:
            return _topic_regions(snapshot, topic_id)

        matches = named_topics(aliases.match(query), request_region(query), regions_of)
        for match in matches[:ALIAS_TOPICS]:
            for doc in snapshot.by_topic.get(match.topic_id, []):
                if where.accepts(snapshot.metas[doc]):
                    ranking.append(doc)
        return ranking
