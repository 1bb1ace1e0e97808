"""The one text module: which words count and where sentences end, for every rule reading text."""

from __future__ import annotations

from assistant.evaluation.metrics import lexical_entails
from assistant.text import content_words, split_sentences, split_statements, tokenize


def test_content_words_drop_function_dosing_and_generic_words_and_fold_plurals() -> None:
    text = "The patient requested 60 tablets of Cyclobenzaprine for muscle spasms"
    assert content_words(text) == {"cyclobenzaprine", "muscle", "spasm"}


def test_one_stopword_list_serves_every_rule() -> None:
    # The chat dropped "should" and the evaluation "when"; evidence matching counted both.
    question = "What should be done when the injured worker has pain?"
    assert content_words(question) == {"should", "done", "pain"}
    assert tokenize("which would have been") == ["been"]


def test_lexical_entailment_reads_plurals_as_the_drafter_does() -> None:
    # The evaluation used to compare unstemmed words: 'injections' did not support 'injection'.
    entails = lexical_entails(0.6)
    assert entails("Epidural injections need radiculopathy.", "An epidural injection needs it.")
    assert not entails("Physical therapy is limited.", "An epidural injection needs it.")


def test_sentences_end_at_a_stop_before_a_capital_but_not_after_a_title_or_abbreviation() -> None:
    sentences = ["Dr. Lee saw her on 3/4/2014.", "She takes 7.5 mg.", "It helps (e.g. Flexeril)."]
    assert split_sentences("  \n".join(sentences)) == sentences


def test_guideline_statements_also_end_at_a_semicolon_before_a_capital() -> None:
    statements = ["Limit to 2 weeks;", "Reassess pain at 1.5 weeks.", "Taper after; then stop."]
    assert split_statements(" ".join(statements)) == statements
    assert len(split_sentences(" ".join(statements))) == 2
