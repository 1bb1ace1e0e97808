"""The four real reference letters parse item by item, exactly.

Expected titles, decisions, pages and rationales are written out here by hand (whitespace
normalised), not produced by the parser.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.letters.models import Decision, Letter
from assistant.letters.reader import read_letter
from assistant.letters.sources import GuidelineSource


@dataclass(frozen=True)
class Expected:
    title: str
    maximus_pages: list[int]
    rationale: str
    decision: Decision = Decision.UPHELD


SEED_000 = [
    Expected(
        "Cervical Spine MRI (magnetic resonance imaging)",
        [177, 178],
        "Guidelines recommend MRI if there is physiologic evidence of tissue insult or nerve "
        "impairment. Cervical MRI is recommended in cases of chronic neck pain after 3 months of "
        "conservative care with normal radiographs in the presence of neurological signs and "
        "symptoms such as radiculopathy or progressive neurologic deficit. In this case the "
        "patient has chronic neck pain but there was no evidence of severe radiculopathy, "
        "progressive neurologic defect, or any red flag that would necessitate an MRI. In "
        "addition, there was no evidence that the patient completed 3 months of conservative "
        "care. The request for cervical spine MRI is not medically appropriate or necessary.",
    ),
    Expected(
        "Lumbar Spine MIR (magnetic resonance imaging)",
        [298, 299, 300, 301, 302, 303],
        "Guidelines state lumbar spine MRI if there is evidence of specific nerve compromise on "
        "neurologic examination in patients who do not respond to treatment and who would "
        "consider surgery an option. If the neurologic exam is less clear, further physiologic "
        "evidence of nerve dysfunction should be obtained before MRI and after 3 months of "
        "conservative treatments have failed. In this case, there is no evidence of nerve "
        "dysfunction and no evidence that treatment modalities have been tried and failed. "
        "Therefore the request is not medically necessary.",
    ),
    Expected(
        "6 panel Urine Drug Testing",
        [],
        "Guidelines state that urine drug screens may be used to avoid misuse of opioids "
        "especially for patients at high risk of abuse and are recommended as a tool to monitor "
        "compliance with prescribed substances, identify use of undisclosed substances and "
        "uncover diversion of prescribed substances. In this case, the records did not indicate "
        "use of an opioid medication that would necessitate drug screening. The request for a "
        "6-panel urine drug test is not medically necessary or appropriate.",
    ),
    Expected(
        "Cyclobenzaprine 7.5 mg Qty 60",
        [63, 64],
        "Guidelines recommend muscle relaxants as a second line option for short term treatment "
        "of acute exacerbations of pain, but they do not show any benefit beyond NSAIDs. In this "
        "case, there is no evidence to suggest significant muscle spasm to warrant the use of "
        "this medication. The request for cyclobenzaprine 7.5 mg # 60 is not medically "
        "appropriate or necessary.",
    ),
    Expected(
        "Physical Therapy, 12 sessions",
        [98, 99],
        "Guidelines state that physical therapy is recommended for short term relief during the "
        "early phase of pain treatment. Patients are expected to continue active therapy at home "
        "in order to maintain improvement levels. Guidelines recommend 10-12 visits over 8 weeks "
        "for the lumbar spine. In this case, the patient has completed 2 weeks of physical "
        "therapy and the request for 12 physical therapy sessions would exceed recommendations. "
        "The request for 12 physical therapy sessions is not medically necessary or "
        "appropriate.",
    ),
]

SEED_001 = [
    Expected(
        "MRI of the Cervical Spine with Contrast",
        [177, 178, 179],
        "The request for MRI of the cervical spine with contrast is not medically necessary. "
        "ACOEM Guidelines recommend that relying solely on imaging studies to evaluate the source "
        "of pain and related symptoms carries a significant risk of diagnostic confusion, "
        "including false positive test results, because of the possibility of identifying a "
        "finding that was present before symptoms began and therefore has no temporal "
        "association with the symptoms. False positive results have been found in up to 50% of "
        "those over the age of 40. Although this worker did have a single acute episode of "
        "exacerbation of neck pain, there was no rationale or justification for a second MRI "
        "since the one performed in 01/2014 appeared to have been adequate in diagnosing the "
        "etiology of her cervical pain. Therefore, the request for MRI of the cervical spine with "
        "contrast is not medically necessary.",
    ),
]

SEED_002 = [
    Expected(
        "Physical therapy for the cervical spine, 2-3 times a week for 6 weeks",
        [98, 99],
        "Physical therapy in the form of passive therapy for the neck is recommended by the MTUS "
        "Guidelines as an option for chronic neck pain during the early phases of pain treatment "
        "and in the form of active therapy for longer durations as long as it is helping to "
        "restore function, for which supervision may be used if needed. The MTUS Guidelines "
        "allow up to 9-10 supervised physical therapy visits over 8 weeks for "
        "myositis/myalgia-type pain. The goal of treatment with physical therapy is to "
        "transition the patient to an unsupervised active therapy regimen, or home exercise "
        "program, as soon as the patient shows the ability to perform these exercises at home. "
        "The worker, in this case, has had treatments for her chronic pain, with physical "
        "therapy last completed years prior with some relief. However, since the worker had "
        "already attended physical therapy, home exercises should have been her then main "
        "physical medicine strategy. There was no record indicating that she was actively "
        "performing these home exercises and no record indicating that she was unable to "
        "perform them, which might have warranted a few instructional supervised sessions for a "
        "refresher. The request for 12 or more supervised physical therapy sessions, however, "
        "does not seem to be reasonable considering the evidence presented for review. "
        "Therefore, they will be considered medically unnecessary.",
    ),
    Expected(
        "MRI of the cervical spine without contrast and with IV sedation",
        [177, 178, 179],
        "The MTUS ACOEM Guidelines state that for most patients presenting with true neck or "
        "upper back problems, special studies are not needed unless a 3-4 week period of "
        "conservative care and observation fails to improve symptoms. The criteria for "
        "considering MRI of the cervical spine includes: emergence of a red flag, physiologic "
        "evidence of tissue insult or neurologic dysfunction, failure to progress in a "
        "strengthening program intended to avoid surgery, looking for a tumor, and clarification "
        "of the anatomy prior to an invasive procedure. In the case of this worker, there was no "
        "subjective complaints to suggest any red flag diagnosis and also no neurological "
        "symptoms at all in the recent note. Physical findings, however, included a decrease in "
        "sensation of the left hand's third through fifth digits, but no other findings "
        "suggestive of cervical radiculopathy. Also, there was no documents to help compare "
        "prior symptoms/findings to current ones to justify any significant change which might "
        "warrant imaging. Also, there was no evidence to suggest full conservative treatments "
        "(recently) had been utilized (namely home exercises). Therefore, the MRI of the "
        "cervical spine will be considered medically unnecessary.",
    ),
    Expected(
        "Trigger point injection to the cervical spine",
        [122],
        "The MTUS Chronic Pain Guidelines state that trigger point injections are recommended "
        "only for myofascial pain syndrome with limited lasting value, but not for radicular "
        "pain. The addition of a corticosteroid to the anesthetic is generally not recommended. "
        "The MTUS also states that trigger point injections are not recommended for typical "
        "back or neck pain. The criteria for use of trigger point injections includes: 1. "
        "Documentation of trigger points (twitch response with referred pain), 2. Symptoms have "
        "persisted for more than three months, 3. Medical management therapies such as ongoing "
        "stretches, physical therapy, NSAIDs, and muscle relaxants have failed, 4. "
        "Radiculopathy is not present, 5. No more than 4 injections per session, 6. No repeat "
        "injections unless more than 50% pain relief is obtained for at least six weeks after "
        "the injection with evidence of functional improvement, 7. Frequency should not be less "
        "than two months between injections, and 8. Trigger point injections with any other "
        "substance other than local anesthetic with or without steroid are not recommended. In "
        "the case of this worker, although there was tenderness of the cervical paraspinal "
        "muscles noted on physical examination in the recent note, there was no evidence found "
        "in the documentation that the worker had trigger points, which would be required "
        "before considering trigger point injections. Therefore, the trigger point injection to "
        "the cervical spine will be considered medically unnecessary.",
    ),
]

SEED_004 = [
    Expected(
        "Additional Physical Therapy 3 x 4 to the Cervical/Thoracic/Lumbar Spine",
        [8, 99],
        "The 12-session course of treatment, in and of itself, represents treatment in excess of "
        "the 9- to 10-session course recommended on page 99 of the MTUS Chronic Pain Medical "
        "Treatment Guidelines for myalgia and myositis of various body parts, the operating "
        "diagnoses reportedly present here. It is further noted that no clear treatment goals "
        "have been proffered by the attending provider. Page 8 of the MTUS Chronic Pain Medical "
        "Treatment Guidelines states that there must be some demonstration of functional "
        "improvement at various milestones in the treatment program so as to justify continued "
        "treatment. In this case, however, the applicant does not appear to be working with "
        "permanent limitations in place. The applicant remains highly reliant and highly "
        "dependent on various forms of medications and medical treatment, including Naprosyn, "
        "Protonix, Tramadol, Flexeril, etc. All the above, taken together, imply a lack of "
        "functional improvement as defined in MTUS, despite completion of earlier unspecified "
        "amounts of physical therapy over the course of the claim. Therefore, the request for "
        "additional physical therapy is not medically necessary.",
    ),
]

SEEDS = {
    "000_9d4ddfa8c6741e52.txt": SEED_000,
    "001_e47d4df8861c58b9.txt": SEED_001,
    "002_04f9b0e14f6627f2.txt": SEED_002,
    "004_c432c8539b9d844c.txt": SEED_004,
}

REVIEWERS = {
    "000_9d4ddfa8c6741e52.txt": (
        "Emergency Medicine",
        ["New York", "West Virginia", "Pennsylvania"],
    ),
    "001_e47d4df8861c58b9.txt": ("Physical Medicine and Rehabilitation", ["California"]),
    "002_04f9b0e14f6627f2.txt": ("Family Practice", ["New Jersey"]),
    "004_c432c8539b9d844c.txt": ("Occupational Medicine", ["California"]),
}

SUMMARY_ENDS = {
    "000_9d4ddfa8c6741e52.txt": (
        "The injured worker is a 63 year old male, who sustained an industrial injury on "
        "10/21/2014.",
        "urine drug screen, Cyclobenzaprine and 12 sessions of physical therapy.",
    ),
    "001_e47d4df8861c58b9.txt": (
        "The injured worker is a 64-year-old female who reported an injury due to cumulative "
        "trauma on 04/07/2001.",
        "A request for authorization dated 03/25/2014 was included.",
    ),
    "002_04f9b0e14f6627f2.txt": (
        "The injured worker is a 60-year-old female who sustained a work related injury on "
        "October 28, 2014.",
        "were non-certified by Utilization Review, noting California MTUS Chronic Pain Guidelines.",
    ),
    "004_c432c8539b9d844c.txt": (
        "The applicant is a represented employee who has filed a claim for chronic neck and low "
        "back pain",
        "although it did not appear that the applicant was working.",
    ),
}


def _read(seeds_dir: Path, name: str) -> Letter:
    return read_letter(seeds_dir / name)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_item_of_a_seed_letter_parses_exactly(seeds_dir: Path, name: str) -> None:
    letter = _read(seeds_dir, name)
    expected = SEEDS[name]
    assert [item.title for item in letter.items] == [e.title for e in expected]
    for item, want in zip(letter.items, expected, strict=True):
        assert item.decision is want.decision
        assert [page for ref in item.maximus_refs for page in ref.pages] == want.maximus_pages
        assert item.rationale == want.rationale


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_reviewer_and_clinical_summary(seeds_dir: Path, name: str) -> None:
    letter = _read(seeds_dir, name)
    specialty, licensure = REVIEWERS[name]
    assert letter.reviewer.specialty == specialty
    assert letter.reviewer.licensure == licensure
    start, end = SUMMARY_ENDS[name]
    assert letter.clinical_summary.startswith(start)
    assert letter.clinical_summary.endswith(end)
    assert "\n" not in letter.clinical_summary


def test_seed_without_case_number_takes_its_id_from_the_file_name(seeds_dir: Path) -> None:
    letter = _read(seeds_dir, "001_e47d4df8861c58b9.txt")
    assert letter.letter_id == "001_e47d4df8861c58b9"
    assert letter.source_file == str(seeds_dir / "001_e47d4df8861c58b9.txt")


def test_text_is_kept_as_written_including_missing_spaces(seeds_dir: Path) -> None:
    summary = _read(seeds_dir, "004_c432c8539b9d844c.txt").clinical_summary
    assert "over the course of the claim.In a Utilization Review Report dated March 20, 2014" in (
        summary
    )
    assert "subsequently appealed.On September 19, 2013" in summary


def test_seed_guideline_lines_with_several_citations_and_noisy_pages(seeds_dir: Path) -> None:
    physical_therapy = _read(seeds_dir, "002_04f9b0e14f6627f2.txt").items[0]
    assert physical_therapy.claims_administrator_guideline == (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): (s) 174, 98-99, 122. "
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Neck chapter"
    )
    first, second = physical_therapy.claims_administrator_refs
    assert first.source is GuidelineSource.CPMTG
    assert first.pages == [98, 99, 122, 174]
    assert second.source is GuidelineSource.ODG
    assert (second.chapter_title, second.topic) == ("Neck and Upper Back (Acute & Chronic)", None)

    cervical = _read(seeds_dir, "000_9d4ddfa8c6741e52.txt").items[0]
    acoem, odg = cervical.claims_administrator_refs
    assert (acoem.source, acoem.chapter, acoem.chapter_title) == (
        GuidelineSource.ACOEM,
        8,
        "Neck and Upper Back Complaints",
    )
    assert odg.source is GuidelineSource.ODG
    assert odg.chapter_title == "Neck and Upper Back (Acute & Chronic)"
