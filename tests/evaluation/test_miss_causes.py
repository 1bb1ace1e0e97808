"""The items a run still misses, grouped by cause on each half, from items.jsonl and the sweeps'
retrieval cache; bad input is one line naming the file. All letters here are synthetic."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from assistant.corpus.chunking import chunk_topic
from assistant.corpus.topics import load_topic
from assistant.drafting.excerpts import Excerpt
from assistant.drafting.request import DraftRequest, PackedPrompt
from assistant.letters.models import Decision
from assistant.retrieval.models import RetrievedChunk
from evals.miss_causes import main
from evals.proposer_sweep import CachedItem, half
from tests.evaluation.test_baselines import item
from tests.paths import CORPUS, REPO

U, OV = Decision.UPHELD, Decision.OVERTURNED
GUIDELINES = CORPUS / "guidelines"

NO_EVIDENCE = "The Expert Reviewer did not cite any medical evidence for its decision."
TEXTBOOK = "Decision based on Non-MTUS Citation A synthetic cardiology textbook, chapter 3."
EMG_CPMTG = (
    "Decision based on MTUS Chronic Pain Medical Treatment 2016, "
    "Section(s): Electrodiagnostic testing (EMG/NCS)."
)
LOW_BACK_STUDIES = "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies."
LOW_BACK_METHODS = "Decision based on MTUS Low Back Complaints 2004, Section(s): Physical Methods."
NECK_STUDIES = (
    "Decision based on MTUS Neck and Upper Back Complaints 2004, Section(s): Special Studies."
)
SHOULDER_STUDIES = "Decision based on MTUS Shoulder Complaints 2004, Section(s): Special Studies."
ODG_LOW_BACK_MRI = (
    "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG): Low Back - Lumbar "
    "& Thoracic (Acute & Chronic); MRIs (magnetic resonance imaging)."
)
ODG_SHOULDER_MRI = (
    "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG): Shoulder (Acute & "
    "Chronic); Magnetic resonance imaging (MRI)."
)
ODG_NECK_MRI = (
    "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG): Neck and Upper Back "
    "(Acute & Chronic); Magnetic resonance imaging (MRI)."
)
CPMTG_ESI = (
    "Decision based on MTUS Chronic Pain Medical Treatment 2016, "
    "Section(s): Epidural steroid injections (ESIs)."
)
TOPICALS = (
    "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Topical analgesics."
)
LIDODERM = (
    "Decision based on MTUS Chronic Pain Medical Treatment 2016, "
    "Section(s): Lidoderm (lidocaine patch)."
)

# letter, title, reference line, draft line, family match, topic match, reference topics,
# retrieved topics, reference decision, draft decision, withheld
CASES: list[tuple[Any, ...]] = [
    ("SYN-01", "Synthetic clearance", NO_EVIDENCE, LOW_BACK_STUDIES, None, None, [],
     ["acoem-ch12-lumbar-mri"], OV, U, None),
    ("SYN-02", "Synthetic electrocardiogram", TEXTBOOK, LOW_BACK_STUDIES, False, None, [],
     ["acoem-ch12-lumbar-mri"], OV, None, OV),
    ("SYN-03", "Synthetic EMG of the arms", EMG_CPMTG, LOW_BACK_STUDIES, False, False, [],
     ["acoem-ch12-emg"], OV, OV, None),
    ("SYN-04", "Synthetic lumbar MRI", LOW_BACK_STUDIES, ODG_LOW_BACK_MRI, False, False,
     ["acoem-ch12-lumbar-mri"], ["odg-low-back-mri"], U, None, None),
    ("SYN-05", "Associated surgical service: synthetic shoulder MRI", ODG_SHOULDER_MRI,
     SHOULDER_STUDIES, False, False, ["odg-shoulder-mri"],
     ["acoem-ch9-shoulder-imaging", "odg-shoulder-mri"], U, OV, None),
    ("SYN-06", "Synthetic cervical MRI", NECK_STUDIES, ODG_NECK_MRI, False, False,
     ["acoem-ch8-cervical-thoracic-mri"], ["odg-neck-mri", "acoem-ch8-cervical-thoracic-mri"],
     U, U, None),
    ("SYN-07", "Synthetic epidural injection", LOW_BACK_METHODS, CPMTG_ESI, False, False,
     ["acoem-ch12-epidural-steroid-injections"],
     ["cpmtg-epidural-steroid-injections", "acoem-ch12-epidural-steroid-injections"], U, U, None),
    ("SYN-08", "Synthetic lidocaine ointment", TOPICALS, LIDODERM, True, False,
     ["cpmtg-topical-analgesics"], ["cpmtg-lidoderm", "cpmtg-topical-analgesics"], U, U, None),
    ("SYN-10", "Synthetic lumbar x-ray", LOW_BACK_STUDIES, ODG_LOW_BACK_MRI, False, False,
     ["acoem-ch12-lumbar-xrays"], ["acoem-ch12-physical-methods", "odg-low-back-mri"], U, U, None),
    ("SYN-09", "Synthetic shoulder MRI, matched", SHOULDER_STUDIES, SHOULDER_STUDIES, True, True,
     ["acoem-ch9-shoulder-imaging"], ["acoem-ch9-shoulder-imaging"], U, U, None),
]  # fmt: skip

FAMILY_CAUSES = {
    "Synthetic clearance": "nothing_cited",
    "Synthetic electrocardiogram": "nothing_cited",
    "Synthetic EMG of the arms": "not_in_corpus",
    "Synthetic lumbar MRI": "not_retrieved",
    "Associated surgical service: synthetic shoulder MRI": "reviewer_odg_draft_mtus",
    "Synthetic cervical MRI": "reviewer_mtus_draft_odg",
    "Synthetic epidural injection": "another_topic_same_kind",
    # a topic of the reference's family (ACOEM chapter 12) was retrieved, not its own topic
    "Synthetic lumbar x-ray": "reviewer_mtus_draft_odg",
}
TOPIC_CAUSES = FAMILY_CAUSES | {
    "Synthetic lumbar x-ray": "not_retrieved",
    "Synthetic lidocaine ointment": "another_topic_same_kind",
}


def _words(text: str) -> int:
    return len(text.split())


def _excerpt(topic_id: str, number: int) -> Excerpt:
    topic = load_topic(GUIDELINES / f"{topic_id}.md")
    chunks = chunk_topic(topic, corpus_root=GUIDELINES, max_tokens=450, count=_words)
    chunk = chunks[0]
    hit = RetrievedChunk(
        chunk_id=chunk.id,
        kind=chunk.meta.kind,
        citation=chunk.meta.citation,
        score=1.0,
        text=chunk.text,
        meta=chunk.meta,
    )
    return Excerpt(label=f"G{number}", hit=hit)


def _cached(case: tuple[Any, ...]) -> CachedItem:
    letter, title, reference_line, _, _, _, _, retrieved, reference, _, _ = case
    request = DraftRequest(
        case_id=letter,
        summary="A synthetic case summary.",
        title=title,
        exclude_letter_ids=(letter,),
        case_date=date(2016, 12, 1),
    )
    packed = PackedPrompt(
        request=request,
        sentences=[],
        excerpts=[_excerpt(topic_id, n) for n, topic_id in enumerate(retrieved, 1)],
        examples=[],
        messages=[],
        prompt_tokens=0,
        dropped_excerpts=0,
        dropped_examples=0,
        prompt_version="synthetic",
        model="offline",
        budget=0,
    )
    return CachedItem(
        file=f"{letter}.txt",
        letter_id=letter,
        reference=reference,
        packed=packed,
        maximus_guideline=reference_line,
    )


def _line(case: tuple[Any, ...]) -> str:
    letter, title, reference_line, draft_line, family, topic, topics, _, ref, draft, held = case
    return item(
        0,
        ref,
        draft,
        letter_id=letter,
        title=title,
        reference_guideline=reference_line,
        draft_guideline=draft_line,
        family_match=family,
        topic_match=topic,
        reference_topics=topics,
        draft_topics=["drafted-topic"],
        withheld=held,
    ).model_dump_json()


@pytest.fixture
def run(tmp_path: Path) -> tuple[Path, Path]:
    items = tmp_path / "items.jsonl"
    items.write_text("\n".join(_line(case) for case in CASES) + "\n")
    cache = tmp_path / "cache.json"
    cache.write_bytes(TypeAdapter(list[CachedItem]).dump_json([_cached(c) for c in CASES]))
    return items, cache


def _report(run: tuple[Path, Path], tmp_path: Path) -> tuple[dict[str, Any], str]:
    items, cache = run
    out, report = tmp_path / "causes.md", tmp_path / "causes.json"
    main([str(items), "--cache", str(cache), "--out", str(out), "--json", str(report)])
    return json.loads(report.read_text()), out.read_text()


def test_each_miss_lands_in_exactly_its_cause(run: tuple[Path, Path], tmp_path: Path) -> None:
    report, _ = _report(run, tmp_path)

    for figure, expected in (("family", FAMILY_CAUSES), ("topic", TOPIC_CAUSES)):
        listed = report[figure]["items"]
        assert {row["title"]: row["row"] for row in listed} == expected
        assert len(listed) == len(expected)
        counts = report[figure]["counts"]
        assert sum(counts["all"].values()) == len(expected)
        for cause, count in counts["all"].items():
            assert count == counts["tuning"][cause] + counts["heldout"][cause]
    unmeasured = {row["title"] for row in report["topic"]["items"] if row["unmeasured"]}
    assert unmeasured == {"Synthetic clearance", "Synthetic electrocardiogram"}
    assert [r["title"] for r in report["family"]["items"] if r["unmeasured"]] == [
        "Synthetic clearance"
    ]


def test_halves_are_the_split_reports(run: tuple[Path, Path], tmp_path: Path) -> None:
    report, _ = _report(run, tmp_path)

    for row in report["topic"]["items"]:
        assert row["half"] == half(f"{row['letter_id']}.txt")
    tuning = sum(half(f"{c[0]}.txt") == "tuning" for c in CASES if c[1] in TOPIC_CAUSES)
    assert sum(report["topic"]["counts"]["tuning"].values()) == tuning


def test_a_surgical_item_is_tagged_beside_its_cause(run: tuple[Path, Path], tmp_path: Path) -> None:
    report, markdown = _report(run, tmp_path)

    tagged = [row for row in report["family"]["items"] if row["surgical"]]
    assert [(row["title"], row["row"]) for row in tagged] == [
        ("Associated surgical service: synthetic shoulder MRI", "reviewer_odg_draft_mtus")
    ]
    assert report["family"]["surgical"]["all"] == 1
    section = markdown.split("### 4a. retrieved; reviewer cited ODG")[1].split("###")[0]
    assert "synthetic shoulder MRI" in section and "[pre/post-op]" in section


def test_decisions_are_counted_by_outcome(run: tuple[Path, Path], tmp_path: Path) -> None:
    report, markdown = _report(run, tmp_path)

    outcomes = {row["title"]: row["row"] for row in report["decisions"]["items"]}
    assert outcomes == {
        "Synthetic clearance": "overturned_proposed_upheld",
        "Synthetic electrocardiogram": "overturned_no_proposal",
        "Synthetic EMG of the arms": "overturned_proposed_overturned",
        "Synthetic lumbar MRI": "upheld_no_proposal",
        "Associated surgical service: synthetic shoulder MRI": "upheld_proposed_overturned",
    }
    assert "Overturned → no proposal [leaned Overturned]" in markdown
    assert "| Overturned reference, proposed Upheld |" in markdown


def test_the_help_says_what_each_cause_means_and_how_to_run_it() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "evals.miss_causes", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    ).stdout

    for phrase in (
        "not in the corpus",
        "not retrieved",
        "MTUS-first rule",
        "pre/post-op",
        "--cache",
        "--letters",
        "--json",
        "python -m evals.miss_causes",
    ):
        assert phrase in shown


@pytest.mark.parametrize(
    ("which", "content"),
    [
        ("items", None),
        ("items", "this is not json\n"),
        ("items", '{"letter_id": "SYN-01"}\n'),
        ("items", ""),
        ("cache", "[{]"),
        ("cache", "[]"),
    ],
)
def test_a_missing_or_garbled_input_is_one_line_naming_the_file(
    run: tuple[Path, Path], which: str, content: str | None
) -> None:
    items, cache = run
    broken = items if which == "items" else cache
    if content is None:
        broken.unlink()
    else:
        broken.write_text(content)

    with pytest.raises(SystemExit) as raised:
        main([str(items), "--cache", str(cache)])

    message = str(raised.value.code)
    assert message.startswith("error: ") and str(broken) in message
    assert "\n" not in message


def test_bad_input_exits_without_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "items.jsonl"

    done = subprocess.run(
        [sys.executable, "-m", "evals.miss_causes", str(missing), "--cache", str(tmp_path / "c")],
        capture_output=True,
        text=True,
        cwd=REPO,
    )

    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        f"error: {missing}: cannot be read (No such file or directory)"
    ]
