"""Which retrieved topic the guideline line cites: body regions a request names beyond a joint or
a spinal region, topics the 2016 CPMTG took over, and tests before surgery."""

from __future__ import annotations

from datetime import date

from assistant.corpus.classify import case_region, is_imaging
from assistant.drafting.evidence import case_sentences
from assistant.drafting.excerpts import label_excerpts
from assistant.drafting.mtus_first import RULE, RankedTopic, mtus_first, ranked_topics
from assistant.drafting.offline_model import choose_topics
from assistant.drafting.request import DraftRequest
from assistant.drafting.validate import DraftContext, validate_reply
from assistant.letters.eras import CitationStyle
from assistant.retrieval.models import RetrievedChunk
from tests.drafting.test_validate import SUMMARY, clean_reply, hit


def _topic(source: str, named: bool, *regions: str, preoperative: bool = False) -> RankedTopic:
    return RankedTopic(source, named, regions or ("general",), preoperative)


def test_a_request_about_the_head_is_not_addressed_by_a_neck_topic() -> None:
    topics = [_topic("acoem", False, "cervical", "thoracic"), _topic("odg", False, "general")]
    assert mtus_first(topics, "X-rays of the head") is None
    assert RULE.primary(topics, "X-rays of the head") == 1
    assert mtus_first(topics, "X-rays of the cervical spine") == 0


def test_an_upper_limb_request_is_not_addressed_by_the_low_back_chapter() -> None:
    topics = [_topic("acoem", True, "lumbar"), _topic("acoem", True, "cervical")]
    assert mtus_first(topics, "EMG of the right upper extremity") == 1
    assert mtus_first(topics, "EMG of the right lower extremity") == 0
    assert mtus_first(topics, "EMG") == 0


def test_a_whole_limb_request_cites_a_topic_of_the_whole_limb_before_one_of_a_joint() -> None:
    topics = [_topic("acoem", True, "cervical"), _topic("cpmtg", True, "cervical", "wrist-hand")]
    assert mtus_first(topics, "EMG/NCS of the bilateral upper extremities") == 1
    assert mtus_first(topics, "EMG/NCS of the cervical spine") == 0


def test_a_test_before_surgery_cites_the_pre_operative_topic() -> None:
    # The NSAIDs topic names a blood count too; the MTUS does not address tests before surgery.
    topics = [_topic("cpmtg", True), _topic("odg", True, preoperative=True)]
    assert mtus_first(topics, "Pre-operative CBC") is None
    assert RULE.primary(topics, "Pre-operative CBC") == 1
    assert RULE.primary(topics, "Pre-op labs: PT/PTT") == 1
    # a clearance visit is a consultation, not a test; a CBC alone is not pre-operative
    assert RULE.primary(topics, "Pre-operative medical clearance") == 0
    assert RULE.primary(topics, "CBC") == 0


def test_a_topic_is_pre_operative_by_its_name() -> None:
    hits = [
        hit("a", "odg", "x", topic_id="t1", topic="Preoperative lab testing"),
        hit("b", "cpmtg", "y", topic_id="t2", topic="NSAIDs, specific drug list"),
    ]
    assert [topic.preoperative for topic in ranked_topics(hits)] == [True, False]


OFFICE_VISITS = hit(
    "g-visits",
    "odg",
    "Office visits are set by the patient's needs.",
    topic_id="odg-pain-office-visits",
    topic="Office visits",
    chapter_title="Pain (Chronic)",
    cited_section_source="cpmtg",
    pages=[],
)
CONSULTATION = hit(
    "g-acoem",
    "acoem",
    "A consultation may help when the diagnosis is uncertain.",
    topic_id="acoem-ch7-consultation",
    topic="Consultation",
    chapter=7,
    pages=[127],
)


def test_a_topic_the_2016_cpmtg_took_over_is_mtus_in_a_case_from_2016() -> None:
    assert [t.source for t in ranked_topics([OFFICE_VISITS], CitationStyle.SECTIONS)] == ["cpmtg"]
    assert [t.source for t in ranked_topics([OFFICE_VISITS], CitationStyle.PAGES)] == ["odg"]
    assert [t.source for t in ranked_topics([CONSULTATION], CitationStyle.SECTIONS)] == ["acoem"]


def _context(case_date: date) -> DraftContext:
    return DraftContext(
        title="Follow-up office visit",
        summary=SUMMARY,
        sentences=case_sentences(SUMMARY),
        guidelines=[OFFICE_VISITS, CONSULTATION],
        case_date=case_date,
    )


def test_citing_a_topic_the_2016_cpmtg_took_over_meets_mtus_first_in_a_2016_case() -> None:
    reply = clean_reply(guideline_chunk_ids=["g-visits"])
    codes_2016 = [problem.code for problem in validate_reply(reply, _context(date(2016, 9, 1)))]
    codes_2014 = [problem.code for problem in validate_reply(reply, _context(date(2014, 9, 1)))]
    assert "mtus_required" not in codes_2016
    assert "mtus_required" in codes_2014


def test_imaging_of_a_whole_limb_cites_a_joint_of_the_limb_not_the_spine() -> None:
    # The low back chapter ranks first for "lower extremity"; an image of the limb shows the limb.
    topics = [
        _topic("acoem", False, "lumbar"),
        _topic("odg", False, "ankle-foot"),
        _topic("acoem", False, "knee"),
    ]
    assert mtus_first(topics, "MRI of Left lower extremity without contrast") == 2
    assert mtus_first(topics, "X-rays of the right leg") == 2
    # a nerve study of the limb may still turn on the spine; an image of the spine is the spine's
    assert mtus_first(topics, "EMG of the left lower extremity") == 0
    assert mtus_first(topics, "MRI of the lumbar spine") == 0


def test_a_request_is_imaging_by_its_study() -> None:
    studies = ("MRI of the left leg", "X-ray of the foot", "CT scan of the arm", "Ultrasound")
    assert all(is_imaging(title) for title in studies)
    assert not any(is_imaging(title) for title in ("EMG/NCS of the legs", "Physical therapy"))


def _named(chunk_id: str, source: str, category: str) -> RetrievedChunk:
    found = hit(chunk_id, source, "text", topic_id=chunk_id, topic=chunk_id, category=category)
    return found.model_copy(update={"alias_rank": 1})


def _cited(title: str, *hits: RetrievedChunk) -> list[str]:
    request = DraftRequest(case_id="c", summary=SUMMARY, title=title, case_date=date(2017, 2, 1))
    return [topic.topic_id for topic in choose_topics(label_excerpts(list(hits)), request)]


def test_a_request_naming_two_treatments_of_two_mtus_guidelines_cites_both() -> None:
    capsaicin = _named("capsaicin", "cpmtg", "medication")
    acupuncture = _named("acupuncture", "acupuncture", "physical-medicine")
    assert _cited("Acupuncture with capsaicin patch", capsaicin, acupuncture) == [
        "capsaicin",
        "acupuncture",
    ]


def test_one_test_under_two_guidelines_or_a_non_mtus_first_topic_cites_one() -> None:
    emg = _named("emg", "cpmtg", "electrodiagnostics")
    neck_studies = _named("neck-studies", "acoem", "electrodiagnostics")
    assert _cited("EMG of the right upper extremity", emg, neck_studies) == ["emg"]
    labs = _named("preop-labs", "odg", "imaging")
    nsaids = _named("nsaids", "cpmtg", "medication")
    assert _cited("Pre-op labs: CBC", labs, nsaids) == ["preop-labs"]


NECK_CASE = (
    "The injured worker reports neck pain radiating to the shoulder blade. Cervical range of "
    "motion is reduced. The diagnosis is cervical strain with neck myofascial pain."
)


def test_a_request_naming_no_region_is_read_in_the_region_the_case_names_most() -> None:
    topics = [_topic("odg", True, "ankle-foot"), _topic("odg", True, "cervical", "thoracic")]
    assert RULE.primary(topics, "Extracorporeal shockwave therapy (ESWT)", NECK_CASE) == 1
    # the request's own region wins over the case's; no summary leaves the retrieval order
    assert RULE.primary(topics, "ESWT of the left heel", NECK_CASE) == 0
    assert RULE.primary(topics, "Extracorporeal shockwave therapy (ESWT)") == 0


def test_the_case_region_is_the_one_named_most_and_none_on_a_tie() -> None:
    assert case_region(NECK_CASE) == "cervical"
    assert case_region("Pain in the knee and the neck.") == "general"
    assert case_region("No body part is named.") == "general"
