"""Danish number formatting for everything shown to users (CLI, app, sheets' text), on Babel.

Babel's CLDR data for da_DK gives the separators; rounding is half away from zero (as Excel and
Danish practice round: 2,5 -> 3), and a value that rounds to zero never shows as "-0". Babel is
imported inside the functions so that `som run FILE --format json` does not load it.
The app's input fields read numbers back with som.numparse, which uses the same locale.

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
>>> exact(0.123456789012), exact(1234567.5)
('0,123456789012', '1.234.567,5')
>>> print(text_table(["År", "Netto"], [["2025", "-300.000 kr."]]))
År           Netto
----  ------------
2025  -300.000 kr.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

DASH = "–"
LOCALE = "da_DK"
TIMEZONE = "Europe/Copenhagen"


@lru_cache(maxsize=16)
def _pattern(decimals: int):
    from babel.numbers import parse_pattern

    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


@lru_cache(maxsize=1)
def _locale():
    from babel import Locale

    return Locale.parse(LOCALE)


def _apply(value, decimals: int, quantize: bool = True) -> str:
    from decimal import ROUND_HALF_UP, localcontext

    number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP
        text = _pattern(decimals).apply(number, _locale(), decimal_quantization=quantize)
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        text = text[1:]  # -0,4 rounds to 0: not "-0"
    return text


def number(value: float | None, decimals: int = 0) -> str:
    """1234567.891 -> '1.234.568' (decimals=0) or '1.234.567,89' (decimals=2)."""
    if value is None:
        return DASH
    return _apply(value, decimals)


def exact(value: float | Decimal | None) -> str:
    """Every digit of a stored value in Danish form, for a field a person may edit and keep.

    Floats are taken at their shortest repr (0.1 is '0,1', not 0.1000000000000000055...).
    """
    if value is None:
        return ""
    number_ = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    number_ = number_.normalize()
    decimals = max(0, -number_.as_tuple().exponent)
    return _apply(number_, decimals, quantize=True)


def kr(value: float | None, decimals: int = 0) -> str:
    return DASH if value is None else f"{number(value, decimals)} kr."


def percent(value: float | None, decimals: int = 1) -> str:
    """A share as a Danish percentage: 0.048767 -> '4,9 %'."""
    if value is None:
        return DASH
    return f"{_apply(Decimal(repr(float(value))) * 100, decimals)} %"


def year(value: int | None) -> str:
    return "ingen" if value is None else str(value)


def local_time(iso_utc: str) -> str:
    """'2026-11-23T09:33:56Z' -> '23.11.2026 kl. 10:33' in Danish local time (CET/CEST)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = datetime.fromisoformat(iso_utc.replace("Z", "+00:00"))
    return moment.astimezone(ZoneInfo(TIMEZONE)).strftime("%d.%m.%Y kl. %H:%M")


def text_table(headers: list[str], rows: list[list[str]], left: int = 1) -> str:
    """Columns padded to width; the first `left` columns left-aligned, the rest right-aligned."""
    widths = [max([len(h)] + [len(r[n]) for r in rows]) for n, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if n < left else c.rjust(w)
                         for n, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])
