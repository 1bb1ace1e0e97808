"""Each metric on hand-made cases with a known right value (including a 0 and a 1)."""

from __future__ import annotations

import math
import random

import pytest

from assistant.evaluation import metrics
from assistant.letters.models import Decision, GuidelineRef
from assistant.letters.sources import GuidelineSource
from assistant.stats import percentile

U, OV = Decision.UPHELD, Decision.OVERTURNED


def ref(source: GuidelineSource, chapter: int | None, pages: list[int]) -> GuidelineRef:
    return GuidelineRef(source=source, chapter=chapter, pages=pages, raw="x")


ACOEM8 = ref(GuidelineSource.ACOEM, 8, [177, 178])
ACOEM12 = ref(GuidelineSource.ACOEM, 12, [303])
CPMTG = ref(GuidelineSource.CPMTG, None, [41, 42, 64])


# -- decisions ----------------------------------------------------------------------------------


def test_perfect_decisions_score_one() -> None:
    scores = metrics.decision_scores([(U, U), (OV, OV), (U, U)])
    assert scores.accuracy == 1.0
    assert scores.upheld_recall == 1.0
    assert scores.overturned_recall == 1.0
    assert scores.kappa == 1.0


def test_always_upheld_scores_high_accuracy_but_zero_kappa_and_overturned_recall() -> None:
    pairs = [(U, U)] * 8 + [(OV, U)] * 2
    scores = metrics.decision_scores(pairs)
    assert scores.accuracy == 0.8
    assert scores.upheld_recall == 1.0
    assert scores.overturned_recall == 0.0
    assert scores.kappa == 0.0
    assert scores.confusion == {
        "Upheld": {"Upheld": 8, "Overturned": 0, "none": 0},
        "Overturned": {"Upheld": 2, "Overturned": 0, "none": 0},
    }


def test_kappa_known_value() -> None:
    # observed 0.75; chance (0.5*0.5 + 0.5*0.5) = 0.5 -> kappa 0.5
    reference = [U, U, OV, OV]
    predicted = [U, OV, OV, OV]
    assert metrics.cohen_kappa(reference, predicted) == pytest.approx((0.75 - 0.5) / 0.5)


def test_kappa_with_one_class_on_both_sides_is_zero() -> None:
    assert metrics.cohen_kappa([U, U, U], [U, U, U]) == 0.0


def test_an_abstention_is_counted_and_left_out_of_the_decision_figures() -> None:
    scores = metrics.decision_scores([(U, None), (U, U), (OV, OV), (OV, None)])
    assert scores.abstentions == 2
    assert scores.coverage == 0.5
    assert scores.accuracy == 1.0
    assert scores.upheld_recall == 1.0
    assert scores.confusion["Upheld"]["none"] == 1
    assert scores.kappa == 1.0


def test_only_abstentions_measure_nothing_but_coverage() -> None:
    scores = metrics.decision_scores([(U, None), (OV, None)])
    assert (scores.accuracy, scores.balanced_accuracy, scores.kappa) == (None, None, None)
    assert scores.coverage == 0.0


def test_balanced_accuracy_is_the_mean_recall_of_the_reference_classes() -> None:
    # Upheld recall 3/4, Overturned recall 1/2 -> 0.625
    pairs = [(U, U), (U, U), (U, U), (U, OV), (OV, OV), (OV, U)]
    assert metrics.decision_scores(pairs).balanced_accuracy == pytest.approx(0.625)
    assert metrics.decision_scores([(U, OV), (OV, U)]).balanced_accuracy == 0.0
    assert metrics.decision_scores([(U, U), (OV, OV)]).balanced_accuracy == 1.0


def test_always_upheld_has_balanced_accuracy_one_half() -> None:
    scores = metrics.decision_scores([(U, U)] * 9 + [(OV, U)])
    assert scores.balanced_accuracy == 0.5
    assert scores.overturned_precision is None  # never proposed Overturned


def test_overturned_precision() -> None:
    # Overturned proposed 4 times, right once.
    pairs = [(OV, OV), (U, OV), (U, OV), (U, OV), (U, U)]
    assert metrics.decision_scores(pairs).overturned_precision == 0.25
    assert metrics.decision_scores([(U, OV)]).overturned_precision == 0.0
    assert metrics.decision_scores([(OV, OV), (U, U)]).overturned_precision == 1.0


def test_recall_of_an_absent_class_is_not_measured() -> None:
    assert metrics.decision_scores([(U, U)]).overturned_recall is None


# -- guideline line -----------------------------------------------------------------------------


def test_family_match() -> None:
    assert metrics.family_match([ACOEM8], [ACOEM8]) is True
    assert metrics.family_match([ACOEM8], [ACOEM12]) is False
    assert metrics.family_match([ACOEM8, CPMTG], [CPMTG]) is True
    assert metrics.family_match([ACOEM8], []) is False
    assert metrics.family_match([], [ACOEM8]) is None
    none = GuidelineRef(source=GuidelineSource.NONE, raw="did not cite any medical evidence")
    assert metrics.family_match([none], [ACOEM8]) is None


def test_topic_match() -> None:
    lumbar, ct = frozenset({"lumbar-mri"}), frozenset({"ct-myelography", "lumbar-mri"})
    assert metrics.topic_match([ACOEM12], lumbar, ct) is True
    assert metrics.topic_match([ACOEM12], lumbar, frozenset({"surgery"})) is False
    assert metrics.topic_match([ACOEM12], lumbar, frozenset()) is False


def test_a_reference_topic_missing_from_the_corpus_is_a_miss() -> None:
    assert metrics.topic_match([ACOEM12], frozenset(), frozenset({"lumbar-mri"})) is False


def test_topic_match_is_not_measured_without_a_guideline_in_the_reference() -> None:
    other = GuidelineRef(source=GuidelineSource.OTHER, topic="a textbook", raw="a textbook")
    assert metrics.topic_match([other], frozenset(), frozenset({"lumbar-mri"})) is None
    assert metrics.topic_match([], frozenset(), frozenset({"lumbar-mri"})) is None
    none = GuidelineRef(source=GuidelineSource.NONE, raw="did not cite any medical evidence")
    assert metrics.topic_match([none], frozenset(), frozenset({"lumbar-mri"})) is None


def test_page_scores_exact_disjoint_and_partial() -> None:
    exact = metrics.page_scores([ACOEM8], [ACOEM8])
    assert (exact.precision, exact.recall, exact.f1) == (1.0, 1.0, 1.0)
    disjoint = metrics.page_scores([ACOEM8], [ACOEM12])
    assert (disjoint.precision, disjoint.recall, disjoint.f1) == (0.0, 0.0, 0.0)
    # draft pages 177, 178, 179 against reference 177, 178: P 2/3, R 1, F1 0.8
    partial = metrics.page_scores([ACOEM8], [ref(GuidelineSource.ACOEM, 8, [177, 178, 179])])
    assert partial.precision == pytest.approx(2 / 3)
    assert partial.recall == 1.0
    assert partial.f1 == pytest.approx(0.8)


def test_the_same_page_of_another_guideline_does_not_count() -> None:
    other = ref(GuidelineSource.CPMTG, None, [177])
    assert metrics.page_scores([ACOEM8], [other]).recall == 0.0


def test_pages_are_not_measured_without_reference_pages() -> None:
    scores = metrics.page_scores([ref(GuidelineSource.ODG, None, [])], [ACOEM8])
    assert scores.f1 is None


# -- citations ----------------------------------------------------------------------------------


def test_citation_validity() -> None:
    assert metrics.citation_validity(["a", "b"], ["a", "b", "c"]) == 1.0
    assert metrics.citation_validity(["x", "y"], ["a", "b"]) == 0.0
    assert metrics.citation_validity(["a", "x", "y", "b"], ["a", "b"]) == 0.5
    assert metrics.citation_validity([], ["a"]) is None


def substring_entails(premise: str, hypothesis: str) -> bool:
    return hypothesis in premise


def test_citation_support_all_supported_and_precise() -> None:
    scores = metrics.citation_support([("knee", ["the knee hurts"])], substring_entails)
    assert (scores.recall, scores.precision) == (1.0, 1.0)


def test_citation_support_nothing_supported() -> None:
    scores = metrics.citation_support(
        [("knee", ["the back"]), ("neck", [None]), ("hip", [])], substring_entails
    )
    assert (scores.recall, scores.precision) == (0.0, 0.0)


def test_citation_support_flags_an_irrelevant_citation() -> None:
    # The first sentence is supported by its first citation alone; the second citation is
    # irrelevant (does not support alone, the rest still supports). The second sentence is not
    # supported. Recall 1/2; precision 1 precise of 3 citations.
    scores = metrics.citation_support(
        [("knee", ["knee pain", "back pain"]), ("wrist", ["elbow"])], substring_entails
    )
    assert scores.recall == 0.5
    assert scores.precision == pytest.approx(1 / 3)


def test_citation_support_keeps_citations_needed_together() -> None:
    def both_words(premise: str, hypothesis: str) -> bool:
        return all(word in premise for word in hypothesis.split())

    scores = metrics.citation_support([("knee back", ["knee", "back"])], both_words)
    assert (scores.recall, scores.precision) == (1.0, 1.0)


def test_lexical_entailment_proxy() -> None:
    entails = metrics.lexical_entails(0.6)
    assert entails("Physical therapy is recommended for ten visits.", "Therapy is recommended.")
    assert not entails("Knee arthroscopy is indicated.", "Cervical MRI needs red flags.")
    assert not entails("anything", "the of and")


# -- text similarity ----------------------------------------------------------------------------


def test_rouge_l() -> None:
    assert (
        metrics.rouge_l(
            "the request is not medically necessary", "The request is not medically necessary."
        )
        == 1.0
    )
    assert metrics.rouge_l("knee surgery", "cervical imaging") == 0.0
    assert metrics.rouge_l("", "anything") == 0.0
    # LCS "a c d" = 3; P = 3/4, R = 3/5 -> F1 = 2/3
    assert metrics.rouge_l("a b c d e", "a c x d") == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def longest_common_subsequence(a: list[str], b: list[str]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a, 1):
        for j, y in enumerate(b, 1):
            table[i][j] = (
                table[i - 1][j - 1] + 1 if x == y else max(table[i - 1][j], table[i][j - 1])
            )
    return table[-1][-1]


def test_bit_parallel_lcs_agrees_with_the_textbook_table() -> None:
    rng = random.Random(5)
    for _ in range(500):
        a = [rng.choice("abcd") for _ in range(rng.randint(0, 70))]
        b = [rng.choice("abcd") for _ in range(rng.randint(0, 70))]
        assert metrics.lcs_length(a, b) == longest_common_subsequence(a, b), (a, b)


def test_cosine() -> None:
    assert metrics.cosine([1.0, 2.0], [2.0, 4.0]) == pytest.approx(1.0)
    assert metrics.cosine([1.0, 0.0], [0.0, 3.0]) == 0.0
    assert metrics.cosine([1.0, 1.0], [1.0, 0.0]) == pytest.approx(1 / math.sqrt(2))
    assert metrics.cosine([0.0, 0.0], [1.0, 0.0]) == 0.0


# -- facts, latency -----------------------------------------------------------------------------


def test_fact_rate() -> None:
    assert metrics.fact_rate(4, 0) == 0.0
    assert metrics.fact_rate(4, 4) == 1.0
    assert metrics.fact_rate(4, 1) == 0.25
    assert metrics.fact_rate(0, 0) == 0.0


def test_percentile_and_mean() -> None:
    assert percentile([10.0, 20.0, 30.0, 40.0], 0.5) == 25.0
    assert percentile([10.0, 20.0, 30.0, 40.0], 0.95) == pytest.approx(38.5)
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.5) is None
    assert metrics.mean([1.0, None, 0.0]) == 0.5
    assert metrics.mean([None]) is None
    assert metrics.share([True, None, False, True]) == pytest.approx(2 / 3)
    assert metrics.share([None]) is None
