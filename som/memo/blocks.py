"""The memo as a list of format-neutral blocks (text already in Danish and formatted).

`som.memo.content` decides what the memo says; `som.memo.docx_writer` lays the blocks out in
Word. Tests read the blocks back from the written file, never from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 0 = the document title


@dataclass(frozen=True)
class Para:
    text: str
    small: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()  # right-aligned columns
    widths_cm: tuple[float, ...] = ()


@dataclass(frozen=True)
class Image:
    png: bytes = field(repr=False)
    width_cm: float
    caption: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Para | Table | Image | PageBreak
