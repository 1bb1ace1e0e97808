"""Hypothesis strategies for the structured inputs a user hands the tool: case JSON (valid,
near-valid and broken), JSONL batches, YAML thresholds, eval run files and IMR_* variables."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import strategies as st
from pydantic import BaseModel

from assistant.settings import Settings
from tests.paths import REPO

EXAMPLE_CASE = (REPO / "examples" / "cases" / "SYN-CASE-0001.json").read_text(encoding="utf-8")

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
json_values: st.SearchStrategy[Any] = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)
_decisions = st.sampled_from(["Upheld", "overturned", " UPHELD ", "Denied", ""])
case_items = st.dictionaries(
    st.sampled_from(["title", "decision", "claims_administrator_guideline", "rationale"]),
    st.one_of(st.text(max_size=30), _decisions, json_values),
    max_size=4,
)
case_objects = st.dictionaries(
    st.sampled_from(["case_id", "clinical_summary", "items", "notes"]),
    st.one_of(
        st.text(max_size=30),
        st.from_regex(r"[A-Za-z0-9._-]{1,12}", fullmatch=True),
        st.lists(st.one_of(case_items, json_values), max_size=3),
        json_values,
    ),
    max_size=4,
)


def _nested(depth: int, opener: str, closer: str, balanced: bool) -> str:
    return opener * depth + (closer * depth if balanced else "")


deep_nesting = st.builds(
    _nested,
    st.integers(1, 50_000),
    st.sampled_from(['{"a":', "[", "- "]),
    st.sampled_from(["}", "]", ""]),
    st.booleans(),
)


def _spliced(text: str, at: int, cut: int, noise: str) -> str:
    at %= len(text) + 1
    return text[:at] + noise + text[at + cut :]


damaged_case = st.builds(
    _spliced, st.just(EXAMPLE_CASE), st.integers(0, 10**5), st.integers(0, 8), st.text(max_size=6)
)
case_texts = st.one_of(
    case_objects.map(json.dumps),
    json_values.map(json.dumps),
    damaged_case,
    deep_nesting,
    st.text(max_size=80),
)
"""Text of a case file: objects shaped almost like a case, any JSON, the example case with a
splice, very deep nesting, and plain text."""

yaml_texts = st.one_of(
    st.dictionaries(
        st.sampled_from(["minimum", "maximum", "other"]),
        st.one_of(st.dictionaries(st.text(max_size=25), json_values, max_size=3), json_values),
        max_size=3,
    ).map(lambda data: yaml.safe_dump(data, allow_unicode=True)),
    json_values.map(lambda data: yaml.safe_dump(data, allow_unicode=True)),
    deep_nesting,
    st.text(max_size=80),
)


def _settings_variables() -> list[str]:
    names = []
    for name, field in Settings.model_fields.items():
        names.append(f"IMR_{name.upper()}")
        group = field.annotation
        if isinstance(group, type) and issubclass(group, BaseModel):
            names += [f"IMR_{name.upper()}__{sub.upper()}" for sub in group.model_fields]
    return names


SETTINGS_VARIABLES = _settings_variables()
_environment_text = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00", exclude_categories=["Cs"]), max_size=30
)
settings_environments = st.dictionaries(
    st.sampled_from(SETTINGS_VARIABLES),
    st.one_of(
        _environment_text,
        json_values.map(json.dumps),
        st.sampled_from(["", "nan", "-1", "1e999", "true", "{", "[]", "null", "0x10"]),
    ),
    min_size=1,
    max_size=4,
)
"""IMR_* variables (every group and every field of a group) set to garbage or to JSON."""
