"""The evaluation metrics as pure functions; `evals/README.md` defines each one in words."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from pydantic import BaseModel

from assistant.letters.models import Decision, GuidelineRef
from assistant.text import content_words, words

Entails = Callable[[str, str], bool]
"""`entails(premise, hypothesis)`: does the premise support the hypothesis?"""


class DecisionScores(BaseModel):
    """Decision agreement over items with a reference and a drafted decision."""

    accuracy: float | None
    upheld_recall: float | None
    overturned_recall: float | None
    kappa: float | None
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
    """Accuracy, per-class recall, kappa and the confusion matrix (reference -> drafted).

    An item the model gave no decision counts as wrong and appears under "none".
    """
    confusion = {
        ref.value: {pred: 0 for pred in [d.value for d in Decision] + ["none"]} for ref in Decision
    }
    for reference, predicted in pairs:
        confusion[reference.value][predicted.value if predicted else "none"] += 1
    decided = [(r, p) for r, p in pairs if p is not None]

    def recall(cls: Decision) -> float | None:
        row = confusion[cls.value]
        return _ratio(row[cls.value], sum(row.values()))

    return DecisionScores(
        accuracy=_ratio(sum(r is p for r, p in pairs), len(pairs)),
        upheld_recall=recall(Decision.UPHELD),
        overturned_recall=recall(Decision.OVERTURNED),
        kappa=cohen_kappa([r for r, _ in decided], [p for _, p in decided]),
        confusion=confusion,
    )


def family_match(reference: Sequence[GuidelineRef], draft: Sequence[GuidelineRef]) -> bool | None:
    """The draft's line shares a (source, chapter) with the reference line; None without one."""
    if not reference:
        return None
    families = {(ref.source, ref.chapter) for ref in reference}
    return any((ref.source, ref.chapter) in families for ref in draft)


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


def _lcs(a: Sequence[str], b: Sequence[str]) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def rouge_l(reference: str, candidate: str) -> float:
    """ROUGE-L F1 over lowercased word tokens (beta = 1)."""
    ref, cand = words(reference), words(candidate)
    if not ref or not cand:
        return 0.0
    lcs = _lcs(ref, cand)
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
