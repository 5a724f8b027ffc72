"""The symbol table of an OpenFst binary, written here by hand in OpenFst's layout."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from hub.voice.fst_words import (
    FST_MAGIC,
    HAS_ISYMBOLS,
    HAS_OSYMBOLS,
    SYMBOLS_MAGIC,
    FstFormatError,
    output_words,
)


def text(s: str) -> bytes:
    raw = s.encode()
    return struct.pack("<i", len(raw)) + raw


def table(words: list[str]) -> bytes:
    body = b"".join(text(w) + struct.pack("<q", i) for i, w in enumerate(words))
    return (
        struct.pack("<i", SYMBOLS_MAGIC) + text("words.txt")
        + struct.pack("<qq", len(words), len(words)) + body
    )  # fmt: skip


def fst(flags: int, inputs: list[str] | None = None, outputs: list[str] | None = None) -> bytes:
    head = struct.pack("<i", FST_MAGIC) + text("ngram") + text("standard")
    head += struct.pack("<iiQqqq", 4, flags, 0, 0, 1, 0)
    return (
        head + (table(inputs) if inputs is not None else b"")
        + (table(outputs) if outputs is not None else b"") + b"\0" * 64
    )  # fmt: skip


def test_output_symbols_are_the_words(tmp_path: Path) -> None:
    path = tmp_path / "Gr.fst"
    path.write_bytes(fst(HAS_ISYMBOLS | HAS_OSYMBOLS, ["<eps>", "a"], ["<eps>", "küche", "불"]))
    assert output_words(path) == {"<eps>", "küche", "불"}


def test_input_symbols_stand_in_when_only_they_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "Gr.fst"
    path.write_bytes(fst(HAS_ISYMBOLS, ["<eps>", "lamp"]))
    assert output_words(path) == {"<eps>", "lamp"}
    path.write_bytes(fst(0))
    assert output_words(path) is None


@pytest.mark.parametrize(
    "data",
    [b"", b"not an fst at all", fst(HAS_OSYMBOLS)[:60], fst(HAS_OSYMBOLS, None, ["a"])[:-80]],
)
def test_anything_else_is_a_format_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "Gr.fst"
    path.write_bytes(data)
    with pytest.raises(FstFormatError):
        output_words(path)
