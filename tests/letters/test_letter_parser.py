"""Hand-written fixture letters: the damage PDF extraction does, the older style, and errors."""

from __future__ import annotations

import pytest

from assistant.errors import LetterParseError
from assistant.letters.models import Decision, Letter
from assistant.letters.parser import parse_letter
from assistant.letters.sources import GuidelineSource
from tests.paths import EXAMPLE, FIXTURES


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def extracted() -> Letter:
    return parse_letter(_fixture("pdf_extracted.txt"), source_file="pdf_extracted.txt")


@pytest.fixture(scope="module")
def older() -> Letter:
    return parse_letter(_fixture("older_style.txt"))


def test_extracted_letter_items_titles_and_decisions(extracted: Letter) -> None:
    assert extracted.letter_id == "SYN-2016-0102"
    assert [(item.title, item.decision) for item in extracted.items] == [
        ("Lumbar Spine MIR (magnetic resonance imaging)", Decision.UPHELD),
        ("TENS unit purchase", Decision.OVERTURNED),
        ("Ibuprofen 800 mg #90", Decision.UPHELD),
    ]


def test_heading_split_over_lines_with_the_decision_alone(extracted: Letter) -> None:
    mri = extracted.items[0]
    assert mri.maximus_guideline == (
        "Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304."
    )
    assert mri.maximus_refs[0].pages == [303, 304]


def test_page_break_inside_the_claims_administrator_label(extracted: Letter) -> None:
    tens = extracted.items[1]
    assert tens.claims_administrator_guideline == (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Transcutaneous electrotherapy "
        "Page(s): 114-116."
    )
    assert "Page 2 of 3" not in tens.claims_administrator_guideline
    assert tens.claims_administrator_refs[0].pages == [114, 115, 116]


def test_stray_blank_line_inside_a_guideline_line(extracted: Letter) -> None:
    tens = extracted.items[1]
    assert tens.maximus_guideline == (
        "Decision based on MTUS Chronic Pain Treatment Guidelines TENS, chronic pain "
        "(transcutaneous electrical nerve stimulation) Page(s): 116."
    )
    (ref,) = tens.maximus_refs
    assert ref.topic == "TENS, chronic pain (transcutaneous electrical nerve stimulation)"
    assert ref.pages == [116]


def test_several_citations_on_one_line_and_a_noisy_page_list(extracted: Letter) -> None:
    ibuprofen = extracted.items[2]
    assert [(ref.source, ref.topic, ref.pages) for ref in ibuprofen.claims_administrator_refs] == [
        (GuidelineSource.CPMTG, "NSAIDs (non-steroidal anti-inflammatory drugs)", [67, 68]),
        (GuidelineSource.CPMTG, "NSAIDs, specific drug list & adverse effects", [70, 71, 72, 73]),
        (GuidelineSource.ODG, "NSAIDs", []),
    ]
    assert ibuprofen.maximus_refs[0].pages == [67, 68, 70, 73]


def test_rationales_are_reflowed_and_stop_before_a_trailing_section(extracted: Letter) -> None:
    assert extracted.items[1].rationale == (
        "The chronic pain guidelines do not support TENS as a primary treatment, but allow a "
        "one-month home trial as an adjunct to functional restoration, and a purchase when the "
        "trial documents how often the unit was used and what it did for pain and function. In "
        "this case a one-month rental trial was completed; the notes record daily use, pain "
        "falling from 7/10 to 4/10, and a return to full driving shifts. The purchase is "
        "medically necessary."
    )
    assert extracted.items[2].rationale.endswith(
        "The request for ibuprofen 800 mg #90 is not medically necessary."
    )


def test_extracted_letter_summary_and_reviewer(extracted: Letter) -> None:
    assert extracted.reviewer.specialty == "Orthopaedic Surgery"
    assert extracted.reviewer.licensure == ["California", "Arizona"]
    assert extracted.clinical_summary == (
        "The injured worker is a 52 year old female bus driver who hurt her neck and low back in "
        "a collision on 6/3/2015.She reports neck pain with tingling into the right hand, and "
        "low back pain. Treatment has included chiropractic care, ibuprofen and a home exercise "
        "program. On 11/2/2015 the treating physician requested an MRI of the lumbar spine, "
        "purchase of a TENS unit and ibuprofen 800 mg #90."
    )


def test_older_style_letter(older: Letter) -> None:
    assert older.letter_id == "SYN-2013-0007"
    assert older.reviewer.specialty == "Anesthesiology"
    assert older.reviewer.licensure == ["California", "Texas"]
    assert older.clinical_summary.startswith("The patient is a 39-year-old carpenter")
    assert [(item.title, item.decision) for item in older.items] == [
        ("lumbar epidural steroid injection at L5-S1", Decision.UPHELD),
        ("tramadol ER 150 mg #30", Decision.OVERTURNED),
    ]
    injection, tramadol = older.items
    assert injection.claims_administrator_guideline == (
        "The Claims Administrator based its decision on the Chronic Pain Medical Treatment "
        "Guidelines, Epidural steroid injections (ESIs), Page(s): 46."
    )
    assert injection.rationale == (
        "The guidelines require radiculopathy documented on physical examination and confirmed "
        "by imaging or electrodiagnostic testing before an epidural steroid injection. The "
        "examination notes describe leg pain but no dermatomal sensory loss, weakness or reflex "
        "change, and the MRI shows no nerve root contact. The criteria are not met."
    )
    assert tramadol.maximus_refs[0].source is GuidelineSource.CPMTG
    assert tramadol.maximus_refs[0].pages == [78]
    assert tramadol.rationale.endswith("The request is medically necessary.")


def test_older_style_without_a_rationale_names_what_is_missing() -> None:
    text = _fixture("older_style.txt")
    broken = text.replace("Rationale for the Decision:", "Reasons:", 2)
    assert "Rationale for the Decision:" not in broken
    with pytest.raises(LetterParseError, match=r'item 1 \("lumbar epidural steroid injection'):
        parse_letter(broken)
    head, tail = text.rsplit("Rationale for the Decision:", 1)
    second_only = head + "Reasons:" + tail
    with pytest.raises(
        LetterParseError, match=r'item 2 \("tramadol ER 150 mg #30"\): no "Rationale for the'
    ):
        parse_letter(second_only)


def test_older_style_without_a_decision_list_names_it() -> None:
    text = _fixture("older_style.txt").replace("MAXIMUS Federal Services, Inc. has determined", "")
    with pytest.raises(LetterParseError, match="no numbered decision list"):
        parse_letter(text)


def _example() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def test_missing_rationale_names_the_item() -> None:
    text = _example().replace(
        "Decision rationale: The MTUS acupuncture guidelines", "The MTUS acupuncture guidelines"
    )
    with pytest.raises(LetterParseError) as caught:
        parse_letter(text, source_file="letter.txt")
    assert str(caught.value) == (
        'letter.txt: item 2 ("Acupuncture, 6 sessions for the low back"): '
        'no "Decision rationale:" found'
    )


def test_missing_maximus_guideline_names_the_item() -> None:
    text = _example().replace(
        "MAXIMUS guideline: Decision based on MTUS Acupuncture",
        "Decision based on MTUS Acupuncture",
    )
    with pytest.raises(LetterParseError, match=r'item 2 .*no "MAXIMUS guideline:" found'):
        parse_letter(text)


def test_missing_clinical_case_summary_section() -> None:
    text = _example().replace("CLINICAL CASE SUMMARY", "CASE NOTES")
    with pytest.raises(LetterParseError, match='no "CLINICAL CASE SUMMARY" section found'):
        parse_letter(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "Dear reviewer,\nplease find the records attached.\n",
        "Lumbar MRI: Upheld\nThe request is denied.\n",
    ],
)
def test_text_that_is_not_a_letter(text: str) -> None:
    with pytest.raises(LetterParseError, match="not an IMR determination letter"):
        parse_letter(text, source_file="notes.txt")


def test_letter_id_comes_from_case_number_then_argument_then_file_stem() -> None:
    text = _example()
    without_number = text.replace("IMR Case Number: SYN-2015-0001\n", "")
    assert parse_letter(text, letter_id="given").letter_id == "SYN-2015-0001"
    assert parse_letter(without_number, letter_id="given").letter_id == "given"
    assert parse_letter(without_number, source_file="dir/case-7.txt").letter_id == "case-7"
    with pytest.raises(LetterParseError, match='no "IMR Case Number:" line'):
        parse_letter(without_number)


def test_crlf_line_endings_and_form_feeds_parse_the_same() -> None:
    text = _example()
    damaged = text.replace("\n", "\r\n").replace(
        "\r\nClaims Administrator guideline: Decision based on MTUS Acupuncture",
        "\r\nClaims Administrator\x0c3\r\nguideline: Decision based on MTUS Acupuncture",
    )
    assert parse_letter(damaged) == parse_letter(text)


def test_split_heading_in_a_letter_without_blank_lines() -> None:
    text = "\n".join(line for line in _example().splitlines() if line.strip()).replace(
        "Cyclobenzaprine 10 mg #60: Upheld", "Cyclobenzaprine 10 mg\n#60:\nUpheld"
    )
    letter = parse_letter(text)
    assert [item.title for item in letter.items][2] == "Cyclobenzaprine 10 mg #60"
    assert letter.items[1].rationale.endswith(
        "The request for 6 sessions of acupuncture for the low back is medically necessary."
    )


def test_a_heading_wrapped_after_its_date_of_service_label_keeps_the_whole_title() -> None:
    text = _example().replace(
        "Cyclobenzaprine 10 mg #60: Upheld", "Cyclobenzaprine 10 mg #60, DOS:\n3/4/2016: Upheld"
    )
    letter = parse_letter(text)
    assert [item.title for item in letter.items][2] == "Cyclobenzaprine 10 mg #60, DOS: 3/4/2016"
    assert letter.items[1].rationale.endswith(
        "The request for 6 sessions of acupuncture for the low back is medically necessary."
    )
