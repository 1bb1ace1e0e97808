"""What an evaluation run records: one row per item and the aggregated metrics."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.evaluation.bootstrap import BootstrapSettings, Interval
from assistant.letters.models import Decision
from assistant.llm.usage import Usage

METRIC_KEYS = (
    "decision_accuracy",
    "balanced_accuracy",
    "upheld_recall",
    "overturned_recall",
    "overturned_precision",
    "kappa",
    "coverage",
    "citation_family_accuracy",
    "citation_topic_accuracy",
    "page_precision",
    "page_recall",
    "page_f1",
    "citation_validity",
    "citation_support_recall",
    "citation_support_precision",
    "unsupported_fact_rate",
    "rouge_l",
    "embedding_similarity",
    "style_conformance",
    "latency_p50_ms",
    "latency_p95_ms",
)
"""The headline metrics of metrics.json, in report order."""

SUPPORT_KEYS = frozenset({"citation_support_recall", "citation_support_precision"})
"""The headline metrics one entailment judge scores (the lexical one: `support_judge`)."""

LOWER_IS_BETTER = frozenset({"unsupported_fact_rate", "latency_p50_ms", "latency_p95_ms"})

INTERVAL_KEYS = (
    "decision_accuracy",
    "balanced_accuracy",
    "kappa",
    "overturned_precision",
    "overturned_recall",
    "citation_family_accuracy",
    "citation_topic_accuracy",
)
"""The metrics that get a bootstrap interval."""


class _Support(BaseModel):
    recall: float | None = Field(description="Share of sentences their citations entail.")
    precision: float | None = Field(description="Share of citations that are not irrelevant.")
    pairs: int = Field(description="Distinct (cited text, sentence) pairs put to the judge.")


class JudgeSupport(_Support):
    """Citation support (ALCE recall and precision) of one item as one judge scored it."""

    error: str | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="Why the judge could not score this item (a chat model's failed call); its "
        "recall and precision are then None and left out of the run's means.",
    )


class RunJudgeSupport(_Support):
    """One judge's citation support over the run: item means, and the pairs summed."""

    by_construction: bool = Field(
        description="The drafting model meets this judge's figures by how it is built (shown, "
        "not a finding)."
    )
    unjudged: int = Field(
        default=0,
        exclude_if=lambda value: value == 0,
        description="Items this judge could not score (each item's error says why).",
    )


class CitationScores(BaseModel):
    """How one guideline line scores against the reference line (a draft's or a baseline's)."""

    guideline: str
    topics: list[str] = Field(default_factory=list, description="The corpus topics it names.")
    family_match: bool | None
    topic_match: bool | None
    page_precision: float | None
    page_recall: float | None
    page_f1: float | None


class ItemResult(BaseModel):
    """One drafted item scored against its reference item (a line of items.jsonl)."""

    letter_id: str
    title: str
    reference_decision: Decision
    draft_decision: Decision | None
    decision_measured: bool
    withheld: Decision | None = Field(
        default=None,
        description="The decision the model's evidence leaned to but that it did not propose.",
    )
    reference_guideline: str
    draft_guideline: str
    family_match: bool | None
    reference_topics: list[str] = Field(default_factory=list)
    draft_topics: list[str] = Field(default_factory=list)
    topic_match: bool | None = None
    page_precision: float | None
    page_recall: float | None
    page_f1: float | None
    baselines: dict[str, CitationScores] = Field(
        default_factory=dict,
        description="The same citation scores for the baseline lines (ur_line, retrieval_top1).",
    )
    shuffled_rouge_l: float | None = None
    shuffled_embedding_similarity: float | None = None
    citations: int
    citation_validity: float | None
    support_recall: float | None = Field(description="Citation support recall, lexical judge.")
    support_precision: float | None = Field(
        description="Citation support precision, lexical judge."
    )
    support_by_judge: dict[str, JudgeSupport] = Field(
        default_factory=dict,
        description="Judge name ('lexical', 'llm:MODEL') -> citation support as it judged it.",
    )
    facts: int
    unsupported_facts: list[str]
    unsupported_fact_rate: float
    rouge_l: float
    embedding_similarity: float | None
    style: dict[str, bool]
    style_conformance: float
    needs_review: bool
    problems: list[str]
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float | None
    latency_ms: float
    reference_rationale: str
    draft_rationale: str


class ProposalKind(BaseModel):
    """How often one kind of proposal was right, beside always answering Upheld on the same
    items; a kind right less often than that misleads the reader."""

    kind: str
    made: int
    right: int
    precision: float | None
    always_upheld: float | None
    shown: bool = Field(description="Shown to the reader as a proposal (False: withheld).")

    @property
    def worse_than_baseline(self) -> bool:
        return (
            self.precision is not None
            and self.always_upheld is not None
            and self.precision < self.always_upheld
        )


class SkippedLetter(BaseModel):
    """A reference letter a run left out because it could not be read."""

    model_config = ConfigDict(frozen=True)

    file: str
    error: str = Field(description="The problem, as one line naming the file.")


class RunMetrics(BaseModel):
    """metrics.json: the headline metrics (None where not measured) and how they were made."""

    items: int
    decision_accuracy: float | None
    balanced_accuracy: float | None = None
    upheld_recall: float | None
    overturned_recall: float | None
    overturned_precision: float | None = None
    kappa: float | None
    coverage: float | None = None
    abstentions: int | None = None
    citation_family_accuracy: float | None
    citation_topic_accuracy: float | None = None
    page_precision: float | None
    page_recall: float | None
    page_f1: float | None
    citation_validity: float | None
    citation_support_recall: float | None = Field(
        description="Citation support recall as the lexical judge scores it (every run)."
    )
    citation_support_precision: float | None = Field(
        description="Citation support precision as the lexical judge scores it (every run)."
    )
    unsupported_fact_rate: float | None = Field(
        description="Facts in no cited text, pooled; a lexical check, no judge takes part."
    )
    rouge_l: float | None
    embedding_similarity: float | None
    style_conformance: float | None
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    confusion: dict[str, dict[str, int]] = Field(
        description="Reference decision -> drafted decision -> items (predicted decisions only)."
    )
    proposal_kinds: list[ProposalKind] = Field(
        default_factory=list,
        description="Each kind of proposal (and of withheld proposal) with its precision and "
        "always Upheld's on the same items (predicted decisions only).",
    )
    prompt_tokens: int = Field(description="Drafting's prompt tokens, summed over items.")
    completion_tokens: int = Field(description="Drafting's completion tokens, summed over items.")
    cost_usd: float | None = Field(description="Drafting's cost; None when the price is unknown.")
    judge_usage: Usage | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="A chat model's citation-support verdicts: calls, tokens and cost (None when "
        "its price is unknown), kept apart from drafting's; absent when only the lexical judge "
        "ran.",
    )
    model: str
    predict_decision: bool
    support_judge: str = Field(
        description="The judge of citation_support_recall/precision: 'lexical' (a run made "
        "before both judges were scored may name its chat model)."
    )
    support_by_judge: dict[str, RunJudgeSupport] = Field(
        default_factory=dict,
        description="Every judge that scored citation support ('lexical', and 'llm:MODEL' with "
        "a chat model) -> its recall, precision and pairs judged.",
    )
    letters: list[str]
    skipped_letters: list[SkippedLetter] = Field(
        default_factory=list,
        description="Reference letters given but left out as unreadable (--skip-unreadable).",
    )
    baselines: dict[str, dict[str, float | None]] = Field(
        default_factory=dict,
        description="Baseline -> metric it is compared on -> its value on the same items.",
    )
    intervals: dict[str, Interval | None] = Field(
        default_factory=dict, description="Bootstrap 95% interval of each metric in INTERVAL_KEYS."
    )
    bootstrap: BootstrapSettings | None = None
    by_construction: list[str] = Field(
        default_factory=list,
        description="Metrics the model in use meets by how it is built: shown, not findings, "
        "and left out of the regression gate.",
    )

    def headline(self) -> dict[str, float | None]:
        return {key: getattr(self, key) for key in METRIC_KEYS}
