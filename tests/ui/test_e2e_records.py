"""A case made from its records in the workspace (streamlit.testing.v1.AppTest, offline model):
the summary sentence by sentence with page links, a link opening its page with the sentence's
numbers highlighted, the documents reviewed one per line, page links kept only by the sentences
an edit leaves unchanged, and the chat answering what the MRI showed from the imaging page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assistant.review.intake import start_case_with_records
from assistant.review.store import ReviewStore
from tests.review.synthetic_records import IMPRESSION, SENTENCES, records_case

REVIEWER = "Dr. Rivera"
TIMEOUT = 120


def case_page() -> None:
    from assistant.ui.workspace import render_case_page

    render_case_page()


def shown(at: AppTest) -> str:
    """Every markdown and caption text, Markdown escapes removed."""
    parts = [str(e.value) for e in at.markdown] + [str(e.value) for e in at.caption]
    return "\n".join(parts).replace("\\", "")


def test_a_case_with_records_links_its_summary_to_pages_and_the_chat_reads_them(
    app_env: ReviewStore,
) -> None:
    case_id = start_case_with_records(app_env, records_case(), REVIEWER)
    at = AppTest.from_function(case_page, default_timeout=TIMEOUT)
    at.session_state["reviewer_name"] = REVIEWER
    at.query_params["case"] = str(case_id)
    at.run()

    text = shown(at)
    assert "Case summary from the records" in [expander.label for expander in at.expander]
    for sentence in SENTENCES:
        assert sentence["text"] in text
    links = {
        button.key: button.label
        for button in at.button
        if button.key is not None and button.key.startswith("records_link")
    }
    assert links == {
        "records_link_0_3": "p. 3",
        "records_link_1_4": "p. 4",
        "records_link_2_3": "p. 3",
        "records_link_3_2": "p. 2",
        "records_link_3_5": "p. 5",
    }
    assert "Documents reviewed (5)" in text
    assert "Imaging report, Dr. Synthetic Birch, 03/02/2015, p. 4" in text
    assert "Utilization review determination, Synthetic Review Services, 04/10/2015, p. 2" in text

    at.button(key="records_link_1_4").click().run()

    page = next(str(e.value) for e in at.markdown if "record-page" in str(e.value))
    assert "Records p. 4" in shown(at)
    assert "Date of exam: <mark>03/02/2015</mark>." in page
    assert "measuring <mark>4</mark> mm" in page
    assert "L4-L5 left paracentral" in page and "<mark>L4-L5" not in page

    summary = str(records_case()["clinical_summary"]).replace("rated 7/10", "rated 8/10")
    at.text_area(key="case_summary").set_value(summary)
    at.button(key="case_save").click().run()

    keys = {
        button.key
        for button in at.button
        if button.key is not None and button.key.startswith("records_link")
    }
    assert "records_link_2_3" not in keys and "records_link_1_4" in keys
    assert "no page link" in shown(at)

    at.chat_input(key="chat_input").set_value("What did the MRI show?").run()

    question, answer = app_env.chat(case_id)
    assert question.content == "What did the MRI show?"
    first = answer.content.split("\n\n", 1)[0]
    assert IMPRESSION.rstrip(".") in first and first.endswith("(Records p. 4) [R1].")
    assert any(c.marker == "R1" and c.label == "Records p. 4" for c in answer.citations)
    assert "Records p. 4" in shown(at)
