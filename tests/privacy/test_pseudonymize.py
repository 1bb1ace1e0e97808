"""Placeholders in, originals back: the map, restoring replies and streams, and the round trip."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assistant.drafting.schema import DraftReply
from assistant.privacy.messages import pseudonymize_messages, restore_reply, restore_stream
from assistant.privacy.models import PlaceholderMap
from assistant.privacy.pseudonymize import pseudonymize, restore
from assistant.settings import PrivacySettings

CASE = (
    "Injured worker: Maria Lopez, claim number 05-WC-123456, DOB 4/5/1970. "
    "Ms. Lopez takes Norco 10/325 mg since 2/3/2016. Lopez lives at 1234 Elm Street."
)


def test_every_value_gets_one_placeholder_wherever_it_occurs() -> None:
    text, mapping = pseudonymize(CASE)

    assert text == (
        "Injured worker: [PERSON_1], claim number [CLAIM_1], DOB [DOB_1]. "
        "Ms. [PERSON_2] takes Norco 10/325 mg since 2/3/2016. [PERSON_2] lives at [ADDRESS_1]."
    )
    assert mapping.originals == {
        "[PERSON_1]": "Maria Lopez",
        "[PERSON_2]": "Lopez",
        "[CLAIM_1]": "05-WC-123456",
        "[DOB_1]": "4/5/1970",
        "[ADDRESS_1]": "1234 Elm Street",
    }
    assert restore(text, mapping) == CASE


def test_messages_share_one_map_and_are_untouched_when_switched_off() -> None:
    messages = [("system", "Write in the house style."), ("user", CASE), ("user", "Maria Lopez?")]

    sent, mapping = pseudonymize_messages(messages, PrivacySettings())
    raw, empty = pseudonymize_messages(messages, PrivacySettings(pseudonymize=False))

    assert sent[0] == messages[0]
    assert sent[2] == ("user", "[PERSON_1]?")
    assert "Maria" not in sent[1][1] and mapping
    assert raw == messages and not empty


def test_a_structured_reply_comes_back_with_the_originals() -> None:
    _, mapping = pseudonymize(CASE)
    reply = DraftReply.model_validate(
        {
            "decision": "Upheld",
            "guideline_chunk_ids": ["G1"],
            "rationale": [{"text": "[PERSON_1], born [DOB_1], has spasm.", "kind": "case"}],
            "closing": "Therefore, the request for [PERSON_2]'s Norco is not medically necessary.",
        }
    )

    restored = restore_reply(reply, mapping)

    assert restored.rationale[0].text == "Maria Lopez, born 4/5/1970, has spasm."
    assert restored.closing.endswith("request for Lopez's Norco is not medically necessary.")


def test_a_placeholder_cut_across_streamed_pieces_is_restored_whole() -> None:
    _, mapping = pseudonymize(CASE)
    pieces = ["In this case, [PER", "SON_1] (DOB [", "DOB_1]) has [G1] spasm [S2", "]."]

    out = list(restore_stream(pieces, mapping))

    assert "".join(out) == "In this case, Maria Lopez (DOB 4/5/1970) has [G1] spasm [S2]."
    assert not any("[PER" in piece for piece in out)


def test_unknown_placeholders_in_a_reply_are_left_as_written() -> None:
    assert restore("[PERSON_9] and [G2]", PlaceholderMap()) == "[PERSON_9] and [G2]"


@given(
    st.lists(
        st.one_of(
            st.text(max_size=12),
            st.sampled_from(
                [
                    "Mr. John Smith",
                    "Injured worker: Ana Ruiz",
                    "DOB: 1/2/1960",
                    "claim # 12-ABC-77",
                    "CM16-0012345",
                    "jo@ex.com",
                    "(415) 555-0100",
                    "123-45-6789",
                    "12 Oak Street",
                    "[PERSON_1]",
                    "[DOB_2]",
                    "Smith",
                    "Norco 10/325",
                    " ",
                    "\n",
                ]
            ),
        ),
        max_size=12,
    ).map("".join)
)
def test_restore_undoes_pseudonymize(text: str) -> None:
    replaced, mapping = pseudonymize(text)

    assert restore(replaced, mapping) == text
