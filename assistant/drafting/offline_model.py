"""The offline drafting model: a deterministic drafter built from retrieved criteria and the case.

It needs no network and no weights. It picks the guideline topic the reviewer would cite (MTUS
first), states what that guideline requires in the guideline's own retrieved words, finds the case
sentences that meet or miss each condition, proposes a decision when the reviewer has not given one,
and writes the rationale from those pieces, citing each. Every fact it writes is copied from the
case or a cited excerpt, so its drafts pass the same validators as any other model's; sentences that
read as instructions to a model are never used as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from assistant.corpus.classify import request_region
from assistant.drafting.closing import closing_sentence
from assistant.drafting.evidence import CaseSentence
from assistant.drafting.excerpts import Excerpt, Section
from assistant.drafting.instructions import Length, mentioned_sentence, read_instruction
from assistant.drafting.matching import SentenceMatch, best_match, relevant_sentences
from assistant.drafting.mtus_first import RULE, TopicChoice, ranked_topics, topic_key
from assistant.drafting.proposal import Balance, Proposal, ProposalRules
from assistant.drafting.request import DraftRequest, PackedPrompt
from assistant.drafting.safety import reads_as_instruction
from assistant.drafting.schema import (
    CriterionFinding,
    CriterionStatus,
    DraftReply,
    RationaleSentence,
    StatementKind,
)
from assistant.letters.eras import CitationStyleSetting, style_for
from assistant.letters.models import Decision
from assistant.letters.sources import is_mtus
from assistant.text import content_words

NAME = "offline"
MAX_CASE_FACTS = 2
FACTS_BY_LENGTH = {None: MAX_CASE_FACTS, Length.SHORTER: 1, Length.LONGER: 4}
_NAMED_SOURCE = ("ACOEM", "MTUS", "ODG", "Official Disability", "Guidelines")
_LOWERCASE_STARTS_TEXT = (
    "the a an this that she he her his they their on in at after during since pages page "
    "thus treatment there per according as prior previous current recent records "
    "examination exam however additionally also subsequently physical"
)
_LOWERCASE_STARTS = frozenset(_LOWERCASE_STARTS_TEXT.split())


class Topic(BaseModel):
    """The retrieved excerpts of one guideline topic, by section."""

    model_config = ConfigDict(frozen=True)

    topic_id: str
    source: str
    excerpts: list[Excerpt]

    def section(self, section: Section) -> list[Excerpt]:
        return [excerpt for excerpt in self.excerpts if excerpt.section is section]

    def bullets(self, section: Section) -> list[tuple[Excerpt, str]]:
        return [
            (excerpt, bullet) for excerpt in self.section(section) for bullet in excerpt.bullets
        ]

    @property
    def first(self) -> Excerpt:
        return self.excerpts[0]

    @property
    def alias_matched(self) -> bool:
        return any(excerpt.hit.alias_rank is not None for excerpt in self.excerpts)


def _topics(excerpts: Sequence[Excerpt]) -> list[Topic]:
    grouped: dict[str, list[Excerpt]] = {}
    for excerpt in excerpts:
        grouped.setdefault(topic_key(excerpt.hit), []).append(excerpt)
    return [
        Topic(topic_id=key, source=members[0].hit.meta.source, excerpts=members)
        for key, members in grouped.items()
    ]


def choose_topics(
    excerpts: Sequence[Excerpt], request: DraftRequest | None = None, rule: TopicChoice = RULE
) -> list[Topic]:
    """The topic the guideline line cites, then a related MTUS topic the request names, if any.

    The "MTUS first" rule (`rule`, given the request's title and the era of the case's date)
    picks the first topic; the second must fit the body region the request names and be of the
    same source, or, when the first is MTUS, of another kind of treatment the request also names
    (acupuncture with a capsaicin patch cites both guidelines; an EMG stays with one).
    """
    topics = _topics(excerpts)
    title = request.title if request is not None else ""
    style = style_for(CitationStyleSetting.AUTO, request.case_date if request else None)
    ranked = ranked_topics([excerpt.hit for excerpt in excerpts], style)
    first = rule.primary(ranked, title, request.summary if request is not None else "")
    if first is None:
        return []
    primary = topics[first]
    region = request_region(title)
    secondary = next(
        (
            topic
            for topic, seen in zip(topics, ranked, strict=True)
            if topic is not primary
            and (
                topic.source == primary.source
                or (is_mtus(ranked[first].source) and _another_treatment(primary, topic))
            )
            and is_mtus(seen.source)
            and seen.fits(region)
            and topic.alias_matched
            and primary.alias_matched
        ),
        None,
    )
    return [primary] if secondary is None else [primary, secondary]


def _another_treatment(primary: Topic, other: Topic) -> bool:
    """Whether a topic is about another kind of treatment than the primary one (acupuncture and a
    medication named in one request), not the same test or treatment under another guideline."""
    kinds = (primary.first.hit.meta.category, other.first.hit.meta.category)
    return None not in kinds and kinds[0] != kinds[1]


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first.lower() in _LOWERCASE_STARTS:
        return text[0].lower() + text[1:]
    return text


_ENUMERATOR = re.compile(r"^(?:[A-Za-z]+\s+){0,2}\d+[:.)]\s+")


def _clause(text: str) -> str:
    """A guideline statement made to run on inside a sentence."""
    text = _ENUMERATOR.sub("", text.strip()).rstrip(".;: ")
    if len(text) > 1 and text[0].isupper() and (text[1].islower() or text[:2] == "A "):
        return text[0].lower() + text[1:]
    return text


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def source_phrase(excerpt: Excerpt) -> str:
    meta = excerpt.hit.meta
    if meta.source == "acoem":
        return f"ACOEM Chapter {meta.chapter} ({meta.chapter_title})"
    if meta.source == "cpmtg":
        return "the MTUS Chronic Pain Medical Treatment Guidelines"
    if meta.source == "acupuncture":
        return "the MTUS Acupuncture Medical Treatment Guidelines"
    if meta.source == "postsurgical":
        return "the MTUS Postsurgical Treatment Guidelines"
    if meta.source == "odg":
        return f"the ODG ({meta.chapter_title})" if meta.chapter_title else "the ODG"
    return "the cited guideline"


def _opening(topic: Topic) -> RationaleSentence:
    summary = next((e for e in topic.section(Section.SUMMARY) if e.sentences), None)
    if summary is not None:
        text = summary.sentences[0]
        if not any(name in text for name in _NAMED_SOURCE):
            text = f"Under {source_phrase(summary)}, {_clause(text)}"
        cited = summary
    else:
        statements = (
            topic.bullets(Section.CRITERIA)
            or topic.bullets(Section.OTHER)
            or [(e, s) for e in topic.excerpts for s in e.sentences + e.bullets]
        )
        cited, bullet = statements[0] if statements else (topic.first, topic.first.hit.meta.title)
        text = f"Under {source_phrase(cited)}, {_clause(bullet)}"
    return RationaleSentence(
        text=_sentence(text), kind=StatementKind.GUIDELINE, cites=[cited.chunk_id]
    )


def _criteria_sentence(topic: Topic, sentences: Sequence[CaseSentence]) -> RationaleSentence | None:
    bullets = topic.bullets(Section.CRITERIA)
    if not bullets:
        return None
    scored = sorted(
        bullets,
        key=lambda pair: -(((match := best_match(pair[1], sentences)) and match.coverage) or 0.0),
    )
    chosen = [pair for pair in bullets if pair in scored[:2]]
    clauses = "; ".join(_clause(bullet) for _, bullet in chosen)
    return RationaleSentence(
        text=_sentence(f"The criteria that apply here: {clauses}"),
        kind=StatementKind.GUIDELINE,
        cites=list(dict.fromkeys(excerpt.chunk_id for excerpt, _ in chosen)),
    )


class Assessment(BaseModel):
    """How the case measures against the topic's conditions for certifying or not."""

    supports: list[tuple[Excerpt, SentenceMatch]]
    against: list[tuple[Excerpt, SentenceMatch]]
    contradicted: list[tuple[Excerpt, SentenceMatch]]
    undocumented: list[tuple[Excerpt, str]]

    def balance(self) -> Balance:
        return Balance(
            supports=[match.coverage for _, match in self.supports],
            against=[match.coverage for _, match in self.against],
            contradicted=len(self.contradicted),
            undocumented=len(self.undocumented),
        )


def assess(topic: Topic, sentences: Sequence[CaseSentence]) -> Assessment:
    requirements = topic.bullets(Section.OVERTURNS) or topic.bullets(Section.CRITERIA)
    supports, contradicted, undocumented = [], [], []
    for excerpt, bullet in requirements:
        match = best_match(bullet, sentences)
        if match is None:
            undocumented.append((excerpt, bullet))
        elif match.agrees:
            supports.append((excerpt, match))
        else:
            contradicted.append((excerpt, match))
    against = [
        (excerpt, match)
        for excerpt, bullet in topic.bullets(Section.UPHOLDS)
        if (match := best_match(bullet, sentences)) is not None and match.agrees
    ]
    return Assessment(
        supports=supports, against=against, contradicted=contradicted, undocumented=undocumented
    )


def _findings(assessment: Assessment) -> list[CriterionFinding]:
    findings = [
        CriterionFinding(
            criterion=_sentence(match.statement),
            status=CriterionStatus.MET,
            evidence=[match.sentence.id],
            cites=[excerpt.chunk_id],
        )
        for excerpt, match in assessment.supports
    ]
    findings += [
        CriterionFinding(
            criterion=_sentence(match.statement),
            status=CriterionStatus.NOT_MET,
            evidence=[match.sentence.id],
            cites=[excerpt.chunk_id],
        )
        for excerpt, match in assessment.contradicted
    ]
    findings += [
        CriterionFinding(
            criterion=_sentence(bullet),
            status=CriterionStatus.NOT_DOCUMENTED,
            evidence=[],
            cites=[excerpt.chunk_id],
        )
        for excerpt, bullet in assessment.undocumented
    ]
    return findings


def _case_fact(prefix: str, sentence: CaseSentence) -> RationaleSentence:
    return RationaleSentence(
        text=_sentence(f"{prefix}{_lower_first(sentence.text)}"),
        kind=StatementKind.CASE,
        cites=[sentence.id],
    )


def _application(
    decision: Decision | None, assessment: Assessment, max_facts: int = MAX_CASE_FACTS
) -> list[RationaleSentence]:
    """The case facts that decide the item (at most `max_facts`), then the guideline condition
    they meet or miss; with no decision, the strongest fact for certifying and then the case
    against it."""
    if decision is None:
        return _application(Decision.OVERTURNED, assessment, max_facts)[:1] + _application(
            Decision.UPHELD, assessment, max_facts
        )
    if decision is Decision.OVERTURNED:
        facts = assessment.supports[:max_facts]
        out = [_case_fact("The records document that ", match.sentence) for _, match in facts]
        if not facts and assessment.undocumented:
            excerpt, bullet = assessment.undocumented[0]
            text = f"The guideline supports the request when {_clause(bullet)}"
            out.append(
                RationaleSentence(
                    text=_sentence(text), kind=StatementKind.GUIDELINE, cites=[excerpt.chunk_id]
                )
            )
        if facts:
            excerpt, match = facts[0]
            out.append(
                RationaleSentence(
                    text=_sentence(
                        "This meets the circumstance in which the guideline supports the request: "
                        + _clause(match.statement)
                    ),
                    kind=StatementKind.GUIDELINE,
                    cites=[excerpt.chunk_id],
                )
            )
        return out
    facts = (assessment.against + assessment.contradicted)[:max_facts]
    out = [_case_fact("The records show that ", match.sentence) for _, match in facts]
    if assessment.against:
        excerpt, match = assessment.against[0]
        text = "The guideline gives this as a reason not to certify: " + _clause(match.statement)
        out.append(
            RationaleSentence(
                text=_sentence(text), kind=StatementKind.GUIDELINE, cites=[excerpt.chunk_id]
            )
        )
    elif assessment.undocumented:
        excerpt, bullet = assessment.undocumented[0]
        text = (
            f"The guideline supports the request when {_clause(bullet)}, and the submitted records "
            "do not document this"
        )
        out.append(
            RationaleSentence(
                text=_sentence(text), kind=StatementKind.GUIDELINE, cites=[excerpt.chunk_id]
            )
        )
    return out


def request_words(topic: Topic, title: str) -> frozenset[str]:
    """The content words of the request and of its guideline's statements."""
    return content_words(title) | frozenset(
        word
        for excerpt in topic.excerpts
        for bullet in excerpt.bullets + excerpt.sentences
        for word in content_words(bullet)
    )


def usable_sentences(sentences: Sequence[CaseSentence]) -> list[CaseSentence]:
    """Case sentences that state clinical facts (not text addressed to a model)."""
    return [sentence for sentence in sentences if not reads_as_instruction(sentence.text)]


def balance_of(packed: PackedPrompt) -> Balance:
    """How the case measures against the conditions of the item's primary guideline topic."""
    topics = choose_topics(packed.excerpts, packed.request)
    if not topics:
        return Balance(supports=[], against=[], contradicted=0, undocumented=0)
    return assess(topics[0], usable_sentences(packed.sentences)).balance()


def propose(packed: PackedPrompt, rules: ProposalRules | None = None) -> Proposal:
    """The decision the offline model proposes for an item (None: the reviewer decides)."""
    return (rules or ProposalRules()).propose(balance_of(packed))


def offline_reply(
    packed: PackedPrompt, *, conservative: bool = False, proposal: Proposal | None = None
) -> DraftReply:
    """The offline model's draft of one item; `conservative` keeps only the plainest sentences.

    Without the reviewer's decision it argues its proposal; with no proposal (mixed evidence) it
    sets out the evidence both ways, and its reply's decision is only the default the letter's
    closing is written for (the chain leaves that closing out). The reviewer's instruction, when
    given, sets the length (a shorter draft keeps the plainest sentences and one case fact, a
    longer one up to four) and adds the case fact it asks to mention.
    """
    request = packed.request
    instruction = read_instruction(request.instruction)
    short = conservative or instruction.length is Length.SHORTER
    max_facts = FACTS_BY_LENGTH[Length.SHORTER if short else instruction.length]
    sentences = usable_sentences(packed.sentences)
    topics = choose_topics(packed.excerpts, packed.request)
    primary = topics[0]
    assessment = assess(primary, sentences)
    if request.decision is not None:
        decision: Decision | None = request.decision
    else:
        decision = (proposal or ProposalRules().propose(assessment.balance())).decision
    rationale = [_opening(primary)]
    criteria = None if short else _criteria_sentence(primary, sentences)
    if criteria is not None:
        rationale.append(criteria)
    if sentences and not short:
        background = sentences[0]
        cited = {
            match.sentence.id
            for _, match in assessment.supports + assessment.against + assessment.contradicted
        }
        if background.id not in cited:
            rationale.append(_case_fact("In this case, ", background))
    application = _application(decision, assessment, max_facts)
    if not any(s.kind is StatementKind.CASE for s in application):
        used = {cite for sentence in rationale for cite in sentence.cites}
        facts = [
            _case_fact("The records show that ", sentence)
            for sentence in relevant_sentences(request_words(primary, request.title), sentences)
            if sentence.id not in used
        ]
        application[:0] = facts[:max_facts]
    used = {cite for sentence in rationale + application for cite in sentence.cites}
    asked = mentioned_sentence(instruction, sentences, used)
    if asked is not None:
        rationale.append(_case_fact("The records also document that ", asked))
    rationale += application
    written = decision or Decision.UPHELD
    return DraftReply(
        decision=written,
        guideline_chunk_ids=[topic.first.chunk_id for topic in topics],
        rationale=list({sentence.text: sentence for sentence in rationale}.values()),
        closing=closing_sentence(request.title, written),
        criteria=_findings(assessment),
    )
