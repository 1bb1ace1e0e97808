from __future__ import annotations

from assistant.errors import InputError


def test_an_input_error_stays_on_one_line_whatever_the_file_name_or_key() -> None:
    error = InputError("minimum.\n  : Input should be a valid number", "odd\nname\t.yaml")
    assert str(error) == "odd\\nname\\t.yaml: minimum.\\n  : Input should be a valid number"


def test_an_ordinary_message_is_unchanged() -> None:
    assert str(InputError("file is empty", "case.json")) == "case.json: file is empty"
