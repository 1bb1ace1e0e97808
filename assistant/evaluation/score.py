"""Score one drafted item against the reference item of the same letter."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from assistant.corpus.topic_index import TopicIndex
from assistant.drafting.cites import chunk_ids
from assistant.drafting.closing import closing_decision
from assistant.drafting.evidence import case_sentences
from assistant.drafting.result import ItemDraft
from assistant.drafting.schema import StatementKind
from assistant.drafting.validate import unsupported_facts
from assistant.evaluation import metrics
from assistant.evaluation.models import CitationScores, ItemResult
from assistant.evaluation.support import HEADLINE_JUDGE, judged_support
from assistant.letters.models import GuidelineRef, Item
from assistant.letters.refs import parse_refs

Similarity = Callable[[str, str], float]


def style_checks(draft: ItemDraft, summary: str) -> dict[str, bool]:
    """Criterion stated (a guideline sentence citing a known excerpt), applied to the case (a case
    sentence citing a real sentence of the summary), closing sentence matching the decision."""
    chunks = {citation.chunk_id for citation in draft.citations}
    case = {sentence.id for sentence in case_sentences(summary)}

    def cites_known(kind: StatementKind, known: set[str]) -> bool:
        return any(
            s.kind is kind and any(cite in known for cite in s.cites) for s in draft.sentences
        )

    return {
        "criterion_stated": cites_known(StatementKind.GUIDELINE, chunks),
        "applied_to_case": cites_known(StatementKind.CASE, case),
        "closing_matches": draft.decision is not None
        and closing_decision(draft.closing) is draft.decision,
    }


def support_pairs(draft: ItemDraft, summary: str) -> list[tuple[str, list[str | None]]]:
    """Each rationale sentence with the texts it cites (chunks, or case sentences)."""
    chunks = {c.chunk_id: c.text for c in draft.citations}
    case = {s.id: s.text for s in case_sentences(summary)}
    pairs: list[tuple[str, list[str | None]]] = []
    for sentence in draft.sentences:
        known = chunks if sentence.kind is StatementKind.GUIDELINE else case
        pairs.append((sentence.text, [known.get(cite) for cite in sentence.cites]))
    return pairs


def named_topics(refs: Sequence[GuidelineRef], index: TopicIndex | None) -> frozenset[str]:
    """The corpus topics a guideline line names; none without a topic index."""
    return index.line_topics(refs) if index is not None else frozenset()


def citation_scores(
    reference: Sequence[GuidelineRef],
    reference_topics: frozenset[str],
    line: str,
    index: TopicIndex | None,
) -> CitationScores:
    """Family, topic and page scores of one guideline line against the reference line."""
    refs = parse_refs(line) if line else []
    named = named_topics(refs, index)
    pages = metrics.page_scores(reference, refs)
    return CitationScores(
        guideline=line,
        topics=sorted(named),
        family_match=metrics.family_match(reference, refs),
        topic_match=metrics.topic_match(reference, reference_topics, named),
        page_precision=pages.precision,
        page_recall=pages.recall,
        page_f1=pages.f1,
    )


def score_item(
    letter_id: str,
    reference: Item,
    draft: ItemDraft,
    *,
    summary: str,
    drug_names: frozenset[str],
    judges: Mapping[str, metrics.Entails],
    similarity: Similarity | None,
    decision_measured: bool,
    index: TopicIndex | None = None,
    baseline_lines: Mapping[str, str] | None = None,
) -> ItemResult:
    """All per-item metrics of one draft (citation support by each of `judges`, the headline
    figures by the lexical one), and the citation scores of each baseline line."""
    reference_topics = named_topics(reference.maximus_refs, index)
    line = citation_scores(reference.maximus_refs, reference_topics, draft.maximus_guideline, index)
    cited = chunk_ids([c.chunk_id for c in draft.citations], draft.sentences, draft.criteria)
    support = judged_support(support_pairs(draft, summary), judges)
    headline = support.get(HEADLINE_JUDGE)
    written = draft.rationale
    allowed = " ".join([summary, draft.title] + [c.text for c in draft.citations])
    facts = unsupported_facts(written, "", drug_names)
    unsupported = unsupported_facts(written, allowed, drug_names)
    style = style_checks(draft, summary)
    return ItemResult(
        letter_id=letter_id,
        title=reference.title,
        reference_decision=reference.decision,
        draft_decision=draft.decision,
        decision_measured=decision_measured,
        withheld=draft.proposal.withheld if draft.proposal else None,
        reference_guideline=reference.maximus_guideline,
        draft_guideline=draft.maximus_guideline,
        family_match=line.family_match,
        reference_topics=sorted(reference_topics),
        draft_topics=line.topics,
        topic_match=line.topic_match,
        page_precision=line.page_precision,
        page_recall=line.page_recall,
        page_f1=line.page_f1,
        baselines={
            name: citation_scores(reference.maximus_refs, reference_topics, line, index)
            for name, line in (baseline_lines or {}).items()
        },
        citations=len(cited),
        citation_validity=metrics.citation_validity(cited, draft.retrieved),
        support_recall=headline.recall if headline else None,
        support_precision=headline.precision if headline else None,
        support_by_judge=support,
        facts=len(facts),
        unsupported_facts=unsupported,
        unsupported_fact_rate=metrics.fact_rate(len(facts), len(unsupported)),
        rouge_l=metrics.rouge_l(reference.rationale, written),
        embedding_similarity=similarity(reference.rationale, written) if similarity else None,
        style=style,
        style_conformance=sum(style.values()) / len(style),
        needs_review=draft.needs_review,
        problems=[problem.code for problem in draft.problems],
        prompt_tokens=draft.usage.prompt_tokens,
        completion_tokens=draft.usage.completion_tokens,
        cost_usd=draft.usage.cost_usd,
        latency_ms=sum(draft.timings_ms.values()),
        reference_rationale=reference.rationale,
        draft_rationale=written,
    )
