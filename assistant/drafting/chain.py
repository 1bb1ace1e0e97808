"""The drafting chain: retrieve -> pack the prompt -> model -> validate -> re-ask -> result.

One LangChain runnable, invoked for one item (`imr draft`, the workspace, the eval) and batched
for many (`imr batch`, through `abatch_as_completed` with `max_concurrency`):

    retrieve (`EvidenceRetriever`: guidelines with their best topics, similar past items,
    leave-one-out) | pack (prompt templates, token budget) | draft (model, structured reply,
    validation, up to `max_repairs` re-asks with the problems)

`packing` is the first two steps alone, for pricing a batch before it runs. A batch run steers
the items through a `RunControl` in the config (see `assistant.drafting.control`).

A draft is shown as clean only when validation finds no problem; otherwise the best attempt is
returned with its problems listed (`needs_review`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable

from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda

from assistant.corpus.chunks import ChunkKind
from assistant.corpus.citations import maximus_line
from assistant.drafting.case import Case
from assistant.drafting.control import SkippedError, control_of
from assistant.drafting.drafters import Drafter, ModelAnswer, re_ask
from assistant.drafting.excerpts import resolve_labels
from assistant.drafting.proposal import Proposal, proposal_of
from assistant.drafting.request import DraftRequest, ItemEvidence, PackedPrompt, pack_prompt
from assistant.drafting.result import CaseDraft, Citation, ItemDraft
from assistant.drafting.schema import DraftReply
from assistant.drafting.validate import (
    DraftContext,
    Problem,
    cited_chunk_ids,
    confidence_problems,
    validate_reply,
)
from assistant.errors import ModelError
from assistant.letters.eras import style_for
from assistant.llm.deadline import expired, item_deadline
from assistant.llm.registry import backend_for, model_spec
from assistant.llm.usage import Usage
from assistant.prompts import PromptSet, load_prompts
from assistant.retrieval.factory import build_searcher
from assistant.retrieval.hybrid import CorpusSearcher
from assistant.retrieval.retrievers import EvidenceRetriever, hit_of
from assistant.settings import Settings

log = logging.getLogger(__name__)

Packed = tuple[PackedPrompt, dict[str, float]]


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


class DraftingChain:
    """Drafts items of a case with one retriever, one model and one prompt set."""

    def __init__(
        self,
        settings: Settings,
        searcher: CorpusSearcher,
        drafter: Drafter,
        prompts: PromptSet,
    ) -> None:
        self.settings = settings
        self.searcher = searcher
        self.drafter = drafter
        self.prompts = prompts
        self.prompt_budget = model_spec(settings.llm).prompt_budget
        self.retriever = EvidenceRetriever(
            searcher=searcher, expand_topics=settings.retrieval.expand_topics
        )
        self.packing: Runnable[DraftRequest, Packed] = (
            RunnableLambda(self._retrieve_step, name="retrieve")
            | RunnableLambda(self._pack_step, name="pack")
        ).with_config(run_name="pack_item")
        self.runnable: Runnable[DraftRequest, ItemDraft] = (
            self.packing | RunnableLambda(self._draft_step, name="draft")
        ).with_config(run_name="draft_item")

    # -- steps ---------------------------------------------------------------------------------

    def retrieve(self, request: DraftRequest, config: RunnableConfig | None = None) -> ItemEvidence:
        """Guideline chunks (with every chunk of the best topics) and similar past items."""
        documents = self.retriever.invoke(
            request.title, config, exclude_letter_ids=request.exclude_letter_ids
        )
        hits = [hit_of(document) for document in documents]
        return ItemEvidence(
            guidelines=[hit for hit in hits if hit.kind is ChunkKind.GUIDELINE],
            examples=[hit for hit in hits if hit.kind is ChunkKind.DETERMINATION],
        )

    def pack(self, request: DraftRequest, evidence: ItemEvidence) -> PackedPrompt:
        llm = self.settings.llm
        return pack_prompt(
            request,
            evidence,
            self.prompts,
            model=llm.model,
            context_window=llm.context_window,
            completion_tokens=llm.max_completion_tokens,
            prompt_budget=self.prompt_budget,
        )

    def context(self, packed: PackedPrompt) -> DraftContext:
        return DraftContext(
            title=packed.request.title,
            summary=packed.request.summary,
            sentences=packed.sentences,
            guidelines=[excerpt.hit for excerpt in packed.excerpts],
            drug_names=self.searcher.drug_names(),
            reviewer_decision=packed.request.decision,
        )

    def _retrieve_step(
        self, request: DraftRequest, config: RunnableConfig
    ) -> tuple[DraftRequest, ItemEvidence, float]:
        control = control_of(config)
        if control is not None and not control.start(request):
            raise SkippedError(request.title)
        start = time.perf_counter()
        evidence = self.retrieve(request, config)
        return request, evidence, _ms(start)

    def _pack_step(self, step: tuple[DraftRequest, ItemEvidence, float]) -> Packed:
        request, evidence, retrieval_ms = step
        start = time.perf_counter()
        packed = self.pack(request, evidence)
        return packed, {"retrieval": retrieval_ms, "packing": _ms(start)}

    def _draft_step(self, step: Packed, config: RunnableConfig | None = None) -> ItemDraft:
        control = control_of(config)
        if control is None:
            return self._draft(*step)
        reserved = control.reserve(step[0])
        if reserved is None:
            raise SkippedError(step[0].request.title)
        cost: float | None = None
        try:
            draft = self._draft(*step)
            cost = draft.usage.cost_usd
        finally:
            control.settle(reserved, cost)
        return draft

    def _draft(self, packed: PackedPrompt, timings: dict[str, float]) -> ItemDraft:
        """Ask the model, validate, and re-ask with the problems up to `max_repairs` times, all
        within the item's `item_timeout_s`. Each reply is checked against what its own prompt
        offered (a re-ask may offer fewer excerpts to fit the budget)."""
        context = self.context(packed)
        ask = packed
        attempts: list[tuple[DraftReply | None, list[Problem]]] = []
        usage = Usage()
        previous: ModelAnswer | None = None
        problems: list[Problem] = []
        model_ms = validation_ms = 0.0
        failure: Problem | None = None
        offered: Proposal | None = None
        llm = self.settings.llm
        with item_deadline(llm.item_timeout_s):
            for _ in range(llm.max_repairs + 1):
                start = time.perf_counter()
                try:
                    if expired():
                        raise ModelError("out of time")
                    listed = [problem.message for problem in problems]
                    if previous is not None:
                        ask = re_ask(packed, previous, listed, self.prompts)
                    answer = self.drafter.answer(ask, previous, listed)
                except ModelError as error:
                    failure = (
                        Problem(code="item_timeout", message=out_of_time(llm.item_timeout_s))
                        if expired()
                        else Problem(code="model_error", message=str(error))
                    )
                    model_ms += _ms(start)
                    break
                model_ms += _ms(start)
                usage = usage + answer.usage
                offered = answer.proposal
                start = time.perf_counter()
                if answer.reply is None:
                    reply = None
                    problems = [unusable(answer)]
                else:
                    reply = resolve_labels(answer.reply, ask.excerpts)
                    problems = validate_reply(reply, self.context(ask))
                validation_ms += _ms(start)
                attempts.append((reply, problems))
                previous = answer
                if not problems:
                    break
        timings = timings | {"model": model_ms, "validation": validation_ms}
        return self._result(packed, context, attempts, failure, usage, timings, offered)

    # -- result --------------------------------------------------------------------------------

    def _result(
        self,
        packed: PackedPrompt,
        context: DraftContext,
        attempts: list[tuple[DraftReply | None, list[Problem]]],
        failure: Problem | None,
        usage: Usage,
        timings: dict[str, float],
        offered: Proposal | None = None,
    ) -> ItemDraft:
        request = packed.request
        usable = [(reply, problems) for reply, problems in attempts if reply is not None]
        best: tuple[DraftReply | None, list[Problem]] = (
            min(reversed(usable), key=lambda pair: len(pair[1]))
            if usable
            else (None, attempts[-1][1] if attempts else [])
        )
        reply, problems = best
        if reply is not None:
            problems = [*problems, *confidence_problems(reply, context)]
        if failure is not None:
            problems = [*problems, failure]
        if reply is None and not problems:
            problems = [Problem(code="no_draft", message="the model gave no usable draft")]
        cited_ids = list(dict.fromkeys(cited_chunk_ids(reply))) if reply is not None else []
        citations = [
            Citation(
                chunk_id=hit.chunk_id,
                citation=hit.citation,
                pages=list(hit.meta.pages),
                source=hit.meta.source,
                section=hit.meta.section,
                text=hit.text,
                page_confidence=hit.meta.page_confidence,
                outside_fact_sheet=list(hit.meta.outside_fact_sheet),
            )
            for chunk_id in cited_ids
            if (hit := context.chunk(chunk_id)) is not None
        ]
        line_metas = [
            hit.meta
            for chunk_id in (reply.guideline_chunk_ids if reply else [])
            if (hit := context.chunk(chunk_id)) is not None
        ]
        proposal = proposal_of(request.decision, reply, offered)
        decision = request.decision or (proposal.decision if proposal else None)
        closing = reply.closing if reply and decision is not None else ""
        style = style_for(self.settings.citation_style, request.case_date)
        return ItemDraft(
            title=request.title,
            decision=decision,
            decision_source="reviewer" if request.decision is not None else "model",
            proposal=proposal,
            maximus_guideline=maximus_line(line_metas, style) if line_metas else "",
            sentences=reply.rationale if reply else [],
            closing=closing,
            citations=citations,
            criteria=reply.criteria if reply else [],
            problems=problems,
            usage=usage,
            model=self.drafter.name,
            prompt_version=packed.prompt_version,
            attempts=len(attempts),
            retrieved=[excerpt.chunk_id for excerpt in packed.excerpts],
            timings_ms=timings,
        )

    # -- entry points --------------------------------------------------------------------------

    def draft(self, request: DraftRequest) -> ItemDraft:
        return self.runnable.invoke(request)

    def draft_case(
        self,
        case: Case,
        *,
        titles: Iterable[str] | None = None,
        predict_decision: bool = False,
        exclude_letter_ids: Iterable[str] = (),
        on_item: Callable[[ItemDraft], None] | None = None,
    ) -> CaseDraft:
        """Draft the case's items (or those named), in order; `predict_decision` hides decisions."""
        wanted = {title.casefold() for title in titles} if titles is not None else None
        drafts: list[ItemDraft] = []
        for item in case.items:
            if wanted is not None and item.title.casefold() not in wanted:
                continue
            request = DraftRequest(
                case_id=case.case_id,
                summary=case.clinical_summary,
                title=item.title,
                decision=None if predict_decision else item.decision,
                claims_administrator_guideline=item.claims_administrator_guideline,
                exclude_letter_ids=tuple(exclude_letter_ids),
                case_date=case.citation_date,
            )
            draft = self.draft(request)
            # the case id can be an IMR case number: it stays out of logs above DEBUG
            log.info("drafted item %d: %d problem(s)", len(drafts) + 1, len(draft.problems))
            drafts.append(draft)
            if on_item is not None:
                on_item(draft)
        return CaseDraft(case_id=case.case_id, items=drafts)


def unusable(answer: ModelAnswer) -> Problem:
    """Why a reply gave no draft; a cut-off or filtered one is asked again, shorter or plainer."""
    if answer.unfinished == "cut_off":
        return Problem(
            code="cut_off",
            message="reply cut off at the item's reply limit (sized to the rationale); answer "
            "again, shorter: fewer and shorter sentences, and leave out the criteria",
        )
    if answer.unfinished == "filtered":
        return Problem(
            code="content_filtered",
            message="reply withheld by the server's content filter; answer again, plainly, "
            "with only the facts and guideline statements the draft needs",
        )
    return Problem(code="unparseable", message=answer.parse_error or "no usable reply")


def out_of_time(seconds: float) -> str:
    return f"drafting the item took longer than {seconds:g} s (IMR_LLM__ITEM_TIMEOUT_S)"


def build_chain(settings: Settings, drafter: Drafter | None = None) -> DraftingChain:
    """The chain the settings describe (the process-wide searcher, the configured model)."""
    prompts = load_prompts(settings.prompts_dir)
    if drafter is None:
        drafter = backend_for(settings.llm, settings.privacy).drafter(prompts)
    return DraftingChain(settings, build_searcher(settings), drafter, prompts)
