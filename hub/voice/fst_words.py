"""The words an OpenFst binary FST can output: its symbol table, read from the header (pure).

Vosk's small models (the ones a Pi runs) build their graph at run time from HCLr.fst and
Gr.fst and ship no words.txt: the vocabulary is only the symbol table inside Gr.fst, which is
where Vosk itself looks (model.cc: the word symbols are Gr.fst's output symbols).
"""

from __future__ import annotations

import mmap
import struct
from pathlib import Path

FST_MAGIC = 2125659606
SYMBOLS_MAGIC = 2125658996
HAS_ISYMBOLS = 0x1
HAS_OSYMBOLS = 0x2
# The header's fixed part after its two type strings: version, flags (int32), properties
# (uint64), start, states, arcs (int64).
_FIXED = struct.Struct("<iiQqqq")
_I32 = struct.Struct("<i")
_I64 = struct.Struct("<q")


class FstFormatError(ValueError):
    """Not an OpenFst binary FST, or cut short."""


class _Reader:
    def __init__(self, data: bytes | mmap.mmap) -> None:
        self.data = data
        self.at = 0

    def take(self, fmt: struct.Struct) -> tuple[int, ...]:
        if self.at + fmt.size > len(self.data):
            raise FstFormatError("the header is cut short")
        values = fmt.unpack_from(self.data, self.at)
        self.at += fmt.size
        return values

    def text(self) -> str:
        (size,) = self.take(_I32)
        if size < 0 or self.at + size > len(self.data):
            raise FstFormatError("a string runs past the end")
        raw = self.data[self.at : self.at + size]
        self.at += size
        return raw.decode("utf-8", errors="replace")

    def symbols(self) -> list[str]:
        (magic,) = self.take(_I32)
        if magic != SYMBOLS_MAGIC:
            raise FstFormatError("no symbol table where the flags say one is")
        self.text()  # the table's name
        self.take(_I64)  # available key
        (size,) = self.take(_I64)
        words = []
        for _ in range(size):
            words.append(self.text())
            self.at += _I64.size  # the key
        return words


def output_words(path: Path) -> set[str] | None:
    """The output symbols of the FST at `path` (its input symbols if it keeps only those);
    None when it keeps no symbol table. Raises FstFormatError on anything not an FST."""
    # Mapped, not read: a big model's Gr.fst is hundreds of MB and only its header is wanted.
    with path.open("rb") as f:
        try:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError as e:  # an empty file cannot be mapped
            raise FstFormatError(f"{path} is empty") from e
        with data:
            return _words(_Reader(data), path)


def _words(reader: _Reader, path: Path) -> set[str] | None:
    (magic,) = reader.take(_I32)
    if magic != FST_MAGIC:
        raise FstFormatError(f"{path} is not an OpenFst binary FST")
    reader.text()  # fst type
    reader.text()  # arc type
    _version, flags, *_ = reader.take(_FIXED)
    inputs = reader.symbols() if flags & HAS_ISYMBOLS else None
    outputs = reader.symbols() if flags & HAS_OSYMBOLS else inputs
    return None if outputs is None else set(outputs)
