"""The evaluation metrics as pure functions; `evals/README.md` defines each one in words."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence, Set

from pydantic import BaseModel

from assistant.letters.models import Decision, GuidelineRef
from assistant.letters.sources import GuidelineSource
from assistant.text import content_words, words

NO_EVIDENCE = GuidelineSource.NONE
"""The source of "the reviewer did not cite any medical evidence": it names no guideline."""

Entails = Callable[[str, str], bool]
"""`entails(premise, hypothesis)`: does the premise support the hypothesis?"""

LEXICAL_JUDGE = "lexical"
"""The name of the lexical entailment proxy, the judge every run scores citation support with."""


class DecisionScores(BaseModel):
    """Decision agreement over the items where the model proposed a decision.

    An item without a drafted decision is an abstention ("no proposal"): it is counted, shown under
    "none" in the confusion matrix, and left out of every other figure; `coverage` says how many
    items the figures are about.
    """

    accuracy: float | None
    balanced_accuracy: float | None
    upheld_recall: float | None
    overturned_recall: float | None
    overturned_precision: float | None
    kappa: float | None
    abstentions: int
    coverage: float | None
    confusion: dict[str, dict[str, int]]


class PageScores(BaseModel):
    precision: float | None
    recall: float | None
    f1: float | None


class SupportScores(BaseModel):
    """ALCE-style citation support of one draft's cited sentences."""

    recall: float | None
    precision: float | None
    sentences: int
    supported: int
    citations: int
    precise: int


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def cohen_kappa(reference: Sequence[Decision], predicted: Sequence[Decision]) -> float | None:
    """Cohen's kappa; 0.0 when chance agreement is already total (one class on both sides)."""
    if not reference:
        return None
    total = len(reference)
    observed = sum(r is p for r, p in zip(reference, predicted, strict=True)) / total
    expected = sum(
        (sum(r is d for r in reference) / total) * (sum(p is d for p in predicted) / total)
        for d in Decision
    )
    if expected >= 1.0:
        return 0.0
    return (observed - expected) / (1.0 - expected)


def decision_scores(pairs: Sequence[tuple[Decision, Decision | None]]) -> DecisionScores:
    """Accuracy, balanced accuracy, per-class recall, Overturned precision, kappa and the confusion
    matrix (reference -> drafted), over the proposals made; abstentions counted apart."""
    confusion = {
        ref.value: {pred: 0 for pred in [d.value for d in Decision] + ["none"]} for ref in Decision
    }
    for reference, predicted in pairs:
        confusion[reference.value][predicted.value if predicted else "none"] += 1
    made = [(r, p) for r, p in pairs if p is not None]

    def recall(cls: Decision) -> float | None:
        row = confusion[cls.value]
        return _ratio(row[cls.value], sum(row[d.value] for d in Decision))

    recalls = [value for cls in Decision if (value := recall(cls)) is not None]
    overturned = confusion[Decision.OVERTURNED.value][Decision.OVERTURNED.value]
    proposed_overturned = sum(row[Decision.OVERTURNED.value] for row in confusion.values())
    return DecisionScores(
        accuracy=_ratio(sum(r is p for r, p in made), len(made)),
        balanced_accuracy=_ratio(sum(recalls), len(recalls)),
        upheld_recall=recall(Decision.UPHELD),
        overturned_recall=recall(Decision.OVERTURNED),
        overturned_precision=_ratio(overturned, proposed_overturned),
        kappa=cohen_kappa([r for r, _ in made], [p for _, p in made]),
        abstentions=len(pairs) - len(made),
        coverage=_ratio(len(made), len(pairs)),
        confusion=confusion,
    )


def family_match(reference: Sequence[GuidelineRef], draft: Sequence[GuidelineRef]) -> bool | None:
    """The draft's line shares a (source, chapter) with the reference line; None when the reference
    names no guideline (no line, or "no medical evidence cited")."""
    families = {(ref.source, ref.chapter) for ref in reference if ref.source is not NO_EVIDENCE}
    if not families:
        return None
    return any((ref.source, ref.chapter) in families for ref in draft)


def topic_match(
    reference: Sequence[GuidelineRef], reference_topics: Set[str], draft_topics: Set[str]
) -> bool | None:
    """The draft names one of the corpus topics the reference names.

    None when the reference cites no guideline (no citation, "no medical evidence cited", or only
    citations outside the known families that name no corpus topic); a reference topic the corpus
    lacks counts as a miss.
    """
    cites_guideline = any(
        ref.source not in (GuidelineSource.OTHER, NO_EVIDENCE) for ref in reference
    )
    if not reference_topics and not cites_guideline:
        return None
    return bool(reference_topics & draft_topics)


def page_scores(reference: Sequence[GuidelineRef], draft: Sequence[GuidelineRef]) -> PageScores:
    """Precision, recall and F1 of the draft's (source, page) pairs against the reference's."""
    wanted = {(ref.source, page) for ref in reference for page in ref.pages}
    if not wanted:
        return PageScores(precision=None, recall=None, f1=None)
    given = {(ref.source, page) for ref in draft for page in ref.pages}
    hits = len(wanted & given)
    precision = hits / len(given) if given else 0.0
    recall = hits / len(wanted)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PageScores(precision=precision, recall=recall, f1=f1)


def citation_validity(cited: Sequence[str], retrieved: Sequence[str]) -> float | None:
    """The share of cited chunk ids that were retrieved for the item; None when nothing is cited."""
    if not cited:
        return None
    known = set(retrieved)
    return sum(chunk_id in known for chunk_id in cited) / len(cited)


def citation_support(
    sentences: Sequence[tuple[str, Sequence[str | None]]], entails: Entails
) -> SupportScores:
    """ALCE citation recall and precision.

    `sentences` pairs each rationale sentence with the texts of its citations (None for a citation
    that points at nothing known). Recall: the sentence is entailed by its citations together.
    Precision: a citation of a supported sentence counts unless it is irrelevant, i.e. it does not
    support the sentence alone and the others still support it without it.
    """
    supported = citations = precise = 0
    for sentence, cited in sentences:
        texts = [text for text in cited if text]
        citations += len(cited)
        if not texts or not entails(" ".join(texts), sentence):
            continue
        supported += 1
        for index, text in enumerate(cited):
            if not text:
                continue
            rest = [t for i, t in enumerate(cited) if i != index and t]
            irrelevant = (
                not entails(text, sentence) and bool(rest) and entails(" ".join(rest), sentence)
            )
            precise += not irrelevant
    return SupportScores(
        recall=_ratio(supported, len(sentences)),
        precision=_ratio(precise, citations),
        sentences=len(sentences),
        supported=supported,
        citations=citations,
        precise=precise,
    )


def lexical_entails(threshold: float = 0.6) -> Entails:
    """A lexical entailment proxy: enough of the hypothesis's content words occur in the premise."""

    def entails(premise: str, hypothesis: str) -> bool:
        wanted = content_words(hypothesis)
        if not wanted:
            return False
        return len(wanted & content_words(premise)) / len(wanted) >= threshold

    return entails


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence, bit-parallel over `a` (Hyyro 2004).

    Bit i of `row` stays 1 while a[i] is not yet used by the best alignment of the prefix of `b`
    read so far; the LCS length is the number of bits that turned 0.
    """
    if not a or not b:
        return 0
    matches: dict[str, int] = {}
    for index, token in enumerate(a):
        matches[token] = matches.get(token, 0) | (1 << index)
    full = (1 << len(a)) - 1
    row = full
    for token in b:
        hits = row & matches.get(token, 0)
        row = ((row + hits) | (row - hits)) & full
    return len(a) - row.bit_count()


def rouge_l(reference: str, candidate: str) -> float:
    """ROUGE-L F1 over lowercased word tokens (beta = 1)."""
    ref, cand = words(reference), words(candidate)
    if not ref or not cand:
        return 0.0
    lcs = lcs_length(ref, cand)
    if not lcs:
        return 0.0
    precision, recall = lcs / len(cand), lcs / len(ref)
    return 2 * precision * recall / (precision + recall)


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine similarity; 0.0 when either vector is zero."""
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0


def fact_rate(facts: int, unsupported: int) -> float:
    """Unsupported facts over facts stated; a draft that states none has none unsupported."""
    return unsupported / facts if facts else 0.0


def mean(values: Sequence[float | None]) -> float | None:
    """The mean of the measured values; None when none was measured."""
    measured = [value for value in values if value is not None]
    return sum(measured) / len(measured) if measured else None


def share(values: Sequence[bool | None]) -> float | None:
    """The share of True among the measured values; None when none was measured."""
    return mean([float(value) for value in values if value is not None])
