"""Danish number formatting for everything shown to users (CLI, app, sheets' text).

>>> kr(1234567.4)
'1.234.567 kr.'
>>> kr(-300000)
'-300.000 kr.'
>>> number(62583.3333, 2)
'62.583,33'
>>> percent(0.048767)
'4,9 %'
>>> kr(None)
'–'
>>> print(text_table(["År", "Netto"], [["2025", "-300.000 kr."]]))
År           Netto
----  ------------
2025  -300.000 kr.
"""

from __future__ import annotations

DASH = "–"


def number(value: float | None, decimals: int = 0) -> str:
    """1234567.891 -> '1.234.568' (decimals=0) or '1.234.567,89' (decimals=2)."""
    if value is None:
        return DASH
    text = f"{value:,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return "0" if text in ("-0", "-0,00") and decimals == 0 else text.replace("-0,00", "0,00")


def kr(value: float | None, decimals: int = 0) -> str:
    return DASH if value is None else f"{number(value, decimals)} kr."


def percent(value: float | None, decimals: int = 1) -> str:
    return DASH if value is None else f"{number(value * 100, decimals)} %"


def year(value: int | None) -> str:
    return "ingen" if value is None else str(value)


def text_table(headers: list[str], rows: list[list[str]], left: int = 1) -> str:
    """Columns padded to width; the first `left` columns left-aligned, the rest right-aligned."""
    widths = [max([len(h)] + [len(r[n]) for r in rows]) for n, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if n < left else c.rjust(w)
                         for n, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])
