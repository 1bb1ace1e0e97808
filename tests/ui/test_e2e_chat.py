"""The case chat in real headless Chromium: the answer comes first with the figure asked for and
readable excerpt labels; "Use as rationale" targets the item the answer is about, shows the
change before saving, gives the item the answer's citations, and refuses an answer about another
treatment. Screenshots go to test-artifacts/app/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.drafting.case import CaseItem, read_case
from assistant.review.store import FILENAME, ReviewStore
from tests.ui.browser import BROWSER_MARKS, free_port, see, shot, sign_in_name, streamlit_server
from tests.ui.conftest import EXAMPLE

pytestmark = BROWSER_MARKS

OPIOIDS = "What does MTUS say about the duration of opioid use for chronic back pain?"
MYALGIA = "How many PT visits does MTUS allow for myalgia?"
NORCO = "Norco 10/325 mg #120"


@pytest.fixture(scope="module")
def chat_data_dir(ingested_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("chat") / "data"
    shutil.copytree(ingested_data_dir, target, ignore=shutil.ignore_patterns(FILENAME + "*"))
    return target


@pytest.fixture(scope="module")
def server(chat_data_dir: Path) -> Iterator[str]:
    with streamlit_server(chat_data_dir, free_port()) as url:
        yield url


@pytest.fixture(name="store")
def store_fixture(chat_data_dir: Path) -> ReviewStore:
    return ReviewStore(chat_data_dir / FILENAME)


def _case(store: ReviewStore) -> int:
    case = read_case(EXAMPLE)
    return store.create_case(
        case.case_id, case.clinical_summary, [CaseItem(title=i.title) for i in case.items], "setup"
    )


def _open(browser: object, url: str, case_id: int, *, drafted: bool) -> object:
    page = browser.new_page(viewport={"width": 1400, "height": 1100})  # type: ignore[attr-defined]
    page.goto(f"{url}/?case={case_id}")
    see(page, "Case SYN-CASE-0001")
    sign_in_name(page, "Dr. Rivera")
    if drafted:
        page.locator(".st-key-draft_all button").click()
        see(page, "Drafted 3 item(s).")
    page.get_by_role("tab", name="Chat").click()
    return page


def _ask(page: object, question: str, answer_text: str) -> None:
    box = page.get_by_placeholder("Ask about this case")  # type: ignore[attr-defined]
    box.fill(question)
    box.press("Enter")
    see(page, answer_text)


def _last_answer(page: object) -> str:
    messages = page.locator("[data-testid='stChatMessage']")  # type: ignore[attr-defined]
    return str(messages.last.inner_text())


def test_the_chat_answers_first_with_the_figure_and_readable_excerpt_labels(
    server: str, store: ReviewStore, browser: object
) -> None:
    page = _open(browser, server, _case(store), drafted=False)

    _ask(page, OPIOIDS, "16 weeks")
    opioids = _last_answer(page)
    _ask(page, MYALGIA, "9-10 visits over 8 weeks")
    myalgia = _last_answer(page)
    shot(page, "chat-answer")

    first = opioids.split("Excerpts:")[0]
    assert "16 weeks" in first and "CPMTG Opioids" in first
    assert "9-10 visits over 8 weeks" in myalgia.split("Excerpts:")[0]
    assert "CPMTG Physical Medicine p.98-99" in myalgia
    for answer in (opioids, myalgia):
        assert "Also requested as" not in answer
        assert "presumption of correctness" not in answer
        assert "cpmtg," not in answer and "other," not in answer
    page.close()  # type: ignore[attr-defined]


def test_use_as_rationale_targets_the_item_asked_about_and_shows_the_change_first(
    server: str, store: ReviewStore, browser: object
) -> None:
    case_id = _case(store)
    norco = next(item for item in store.items(case_id) if item.title == NORCO)
    page = _open(browser, server, case_id, drafted=True)
    before = store.item(norco.id).current
    assert before is not None and before.draft is not None

    _ask(page, OPIOIDS, "16 weeks")
    answer = store.chat(case_id)[-1]
    picker = page.locator(f".st-key-apply_item_{answer.id}")  # type: ignore[attr-defined]
    assert picker.locator("input").input_value() == NORCO
    page.locator(f".st-key-apply_{answer.id} button").click()  # type: ignore[attr-defined]
    see(page, f"Replace the rationale of {NORCO}?")
    assert page.locator(".rationale-diff ins").count() > 0  # type: ignore[attr-defined]
    assert store.item(norco.id).current == before
    page.locator(f".st-key-apply_review_{answer.id}").scroll_into_view_if_needed()  # type: ignore[attr-defined]
    shot(page, "chat-rationale-change")

    page.locator(f".st-key-apply_confirm_{answer.id} button").click()  # type: ignore[attr-defined]
    see(page, f"The answer is now the rationale of {NORCO}")

    current = store.item(norco.id).current
    assert current is not None and current.kind == "chat" and current.draft is not None
    assert "16 weeks" in current.rationale and "[G" not in current.rationale
    assert current.rationale.endswith(before.draft.closing)
    cited = {c.chunk_id for c in answer.citations if c.marker.startswith("G")}
    now = {citation.chunk_id for citation in current.draft.citations}
    assert now and now <= cited
    assert not now & {citation.chunk_id for citation in before.draft.citations}
    assert current.draft.rationale == current.rationale
    page.close()  # type: ignore[attr-defined]


def test_use_as_rationale_refuses_an_answer_about_another_treatment(
    server: str, store: ReviewStore, browser: object
) -> None:
    case_id = _case(store)
    norco = next(item for item in store.items(case_id) if item.title == NORCO)
    page = _open(browser, server, case_id, drafted=True)
    before = store.item(norco.id).current

    _ask(page, MYALGIA, "9-10 visits over 8 weeks")
    answer = store.chat(case_id)[-1]
    picker = page.locator(f".st-key-apply_item_{answer.id}")  # type: ignore[attr-defined]
    assert picker.locator("input").input_value().startswith("Physical therapy")
    combo = picker.locator("input")
    combo.click()
    combo.press_sequentially(NORCO.split()[0])
    combo.press("Enter")
    see(page, f"This answer cites nothing about {NORCO}")

    button = page.locator(f".st-key-apply_{answer.id} button")  # type: ignore[attr-defined]
    assert button.is_disabled()
    assert store.item(norco.id).current == before
    page.close()  # type: ignore[attr-defined]
