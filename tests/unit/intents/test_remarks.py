"""Remarks said around a command are set apart from it (intents/remarks.py)."""

from __future__ import annotations

import pytest

from intents.remarks import split_remarks


@pytest.mark.parametrize(
    ("text", "command", "before", "after"),
    [
        ("pause the vacuum its too loud", "pause the vacuum", [], ["its too loud"]),
        (
            "the floor lamp is way too bright , turn it down",
            "turn it down",
            ["the floor lamp is way too bright"],
            [],
        ),
        ("turn off the lights the kids are asleep", "turn off the lights", [],
         ["the kids are asleep"]),
        ("dim the lights my eyes are tired", "dim the lights", [], ["my eyes are tired"]),
        ("set the heat to 20 its freezing , and close the blinds",
         "set the heat to 20 , and close the blinds", [], ["its freezing"]),
    ],
)  # fmt: skip
def test_remarks_are_set_apart(
    text: str, command: str, before: list[str], after: list[str]
) -> None:
    said = split_remarks(text)
    assert (said.command, said.before, said.after) == (command, before, after)


@pytest.mark.parametrize(
    "text",
    [
        "turn the heat up until its 20 degrees",  # the clause is the command's
        "check the door is locked",
        "turn off the lights in the kids room",
        "turn off its light",  # a possessive
        "is it on",
        "its too dark in here",  # all remark: left whole, to be answered
    ],
)
def test_what_is_no_remark_stays(text: str) -> None:
    said = split_remarks(text)
    assert (said.command, said.before, said.after) == (text, [], [])
