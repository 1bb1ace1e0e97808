"""Progress of a draft while the model works: each call reported, one status line for it."""

from __future__ import annotations

from assistant.llm.progress import DraftStatus, report_call, reporting, status_line

TITLE = "Cyclobenzaprine 7.5 mg #20"


def test_each_call_of_an_item_is_reported_with_its_attempt_and_problems() -> None:
    seen: list[DraftStatus] = []

    with reporting(seen.append):
        report_call(TITLE, "openai-compatible:smollm2", first=True, problems=0)
        report_call(TITLE, "openai-compatible:smollm2", first=False, problems=2)
        report_call("Norco 10/325 mg #120", "openai-compatible:smollm2", first=True, problems=0)

    assert [(s.title, s.attempt, s.problems) for s in seen] == [
        (TITLE, 1, 0),
        (TITLE, 2, 2),
        ("Norco 10/325 mg #120", 1, 0),
    ]
    assert seen[1].started == seen[0].started <= seen[2].started


def test_nothing_is_reported_outside_a_reporting_block() -> None:
    seen: list[DraftStatus] = []
    with reporting(seen.append):
        pass

    report_call(TITLE, "offline", first=True, problems=0)

    assert seen == []


def test_the_status_line_says_what_the_model_is_asked_and_for_how_long() -> None:
    first = DraftStatus(title=TITLE, attempt=1, model="offline", started=100.0)
    again = first.model_copy(update={"attempt": 3, "problems": 2})

    assert status_line(first, now=112.4) == (
        f"Drafting {TITLE}: asking the model (offline), 12 s so far"
    )
    assert "asking again to fix 2 problem(s) (attempt 3)" in status_line(again, now=190.0)
