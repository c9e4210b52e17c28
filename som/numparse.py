"""Numbers as a Dane types them: one parser for every field and table cell (issue 10).

"18,5", "3,5 %", "26 %", "300.000", "1.234.567,50", "-5.000", "500,-" and " 12 " mean what a
Dane means; anything ambiguous or invalid ("1,2,3", "12a", "300,000.5", "1.5") is refused with a
Danish message, never guessed. Babel's CLDR data for da_DK does the locale work
(`babel.numbers.parse_decimal(..., strict=True)`); this module adds the units people type
("%", "kr.", ",-"), the typographic minus, bounds and the Danish wording.

Babel is imported inside the functions: `som run FILE --format json` must not pay for it.

>>> parse("300.000", MONEY)
300000.0
>>> parse("26 %", PERCENT)
0.26
>>> parse("0,25", PERCENT)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
som.numparse.NumberError: Skriv procent: 25 for 25 %. Mener du 0,25 %, så skriv '0,25 %'.
>>> parse("0,25 %", PERCENT)
0.0025
>>> parse("1.5")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
som.numparse.NumberError: '1.5' er tvetydigt: mener du 15 eller 1,5? Skriv komma før decimaler ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

LOCALE = "da_DK"


@dataclass(frozen=True)
class Kind:
    """What a field holds: its unit, bounds and whether it must be whole."""

    name: str
    unit: str = ""            # shown after the understood value: "kr.", "%"
    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False
    percent: bool = False     # typed in percent, stored as a share (26 -> 0.26)
    below_max: bool = False   # maximum itself is not allowed (a discount rate < 100 %)


NUMBER = Kind("tal")                                   # signed, e.g. a change per success
MONEY = Kind("beløb", "kr.", minimum=0)                # kroner, never negative
COUNT = Kind("antal", minimum=0)                       # participants (may be fractional)
PERCENT = Kind("procent", "%", 0, 100, percent=True)   # a share entered in percent
RATE = Kind("rente", "%", 0, 100, percent=True, below_max=True)
YEAR = Kind("årstal", minimum=1900, maximum=2200, whole=True)
WHOLE = Kind("helt tal", minimum=0, whole=True)        # years of course, horizon, draws
FACTOR = Kind("faktor", minimum=0)                     # uncertainty factors around 1


class NumberError(ValueError):
    """Text that is not a number a Dane would mean; the message is Danish and names the text."""


_ALLOWED = re.compile(r"[+-]?[0-9.,]+")
_UNITS = re.compile(r"\s*(%|kr\.?|dkk)\s*$", re.IGNORECASE)
_SPACES = "\u00a0\u202f\u2009\t"


def _clean(text: str) -> tuple[str, str]:
    """Trimmed text without a trailing unit, the unit ('%', 'kr' or '')."""
    text = text.strip()
    for space in _SPACES:
        text = text.replace(space, " ")
    text = text.replace("\u2212", "-").replace("\u2013", "-").strip()
    unit = ""
    match = _UNITS.search(text)
    if match:
        unit = "%" if match.group(1) == "%" else "kr"
        text = text[: match.start()].strip()
    if text.endswith(",-"):  # "500,-" is how prices are written in Danish
        text = text[:-2]
    if text[:1] in "+-" and text[1:2] == " ":  # "- 5.000"
        text = text[0] + text[1:].strip()
    return text, unit


def _decimal(text: str, original: str) -> Decimal:
    from babel.numbers import NumberFormatError, parse_decimal

    if not _ALLOWED.fullmatch(text):
        if " " in text and _ALLOWED.fullmatch(text.replace(" ", "")):
            raise NumberError(f"'{original}' har mellemrum inde i tallet; skriv punktum mellem "
                              "tusinder, fx 300.000")
        raise NumberError(f"'{original}' er ikke et tal")
    if text.count(",") > 1:
        raise NumberError(f"'{original}' har mere end ét komma; komma er decimaltegn, fx 18,5")
    try:
        return parse_decimal(text, locale=LOCALE, strict=True)
    except NumberFormatError as exc:
        options = [s for s in (exc.suggestions or []) if s]
        if len(options) >= 2:
            raise NumberError(f"'{original}' er tvetydigt: mener du {options[0]} eller "
                              f"{options[1]}? Skriv komma før decimaler og punktum mellem "
                              "tusinder.") from None
        if options:
            raise NumberError(f"'{original}' kan ikke læses som et tal; mener du {options[0]}? "
                              "Skriv punktum mellem tusinder og komma før decimaler, "
                              "fx 1.234.567,50") from None
        raise NumberError(f"'{original}' kan ikke læses som et tal; skriv punktum mellem "
                          "tusinder og komma før decimaler, fx 1.234.567,50") from None


def parse(text: str | None, kind: Kind = NUMBER, *, required: bool = True) -> float | None:
    """Danish text -> float (a share for percent kinds); NumberError with a Danish message.

    Blank text is None when not `required`, else refused.
    """
    original = "" if text is None else str(text).strip()
    body, unit = _clean(original)
    if not body:
        if required:
            raise NumberError("skal udfyldes")
        return None
    if unit == "%" and not kind.percent:
        raise NumberError(f"'{original}' er en procent, men feltet er et {kind.name}")
    if unit == "kr" and kind.unit != "kr.":
        raise NumberError(f"'{original}' er et beløb, men feltet er et {kind.name}")
    value = _decimal(body, original)
    if kind.percent and unit != "%" and value and abs(value) < 1:
        raise NumberError(_share_message(value))
    _check_bounds(value, kind, original)
    if kind.percent:
        return float(value / 100)
    return float(value)


def _share_message(value: Decimal) -> str:
    """A number below 1 in a percent field without '%': most likely a share (0,25 for 25 %), as
    the YAML file, the Excel workbook and `som effekt` write it. Refused, never guessed either way.

    >>> _share_message(Decimal("-0.1"))
    "Skriv procent: -10 for -10 %. Mener du -0,1 %, så skriv '-0,1 %'."
    """
    from som import fmt

    meant = fmt.exact(value * 100)
    typed = fmt.exact(value)
    return (f"Skriv procent: {meant} for {meant} %. Mener du {typed} %, så skriv "
            f"'{typed} %'.")


def _check_bounds(value: Decimal, kind: Kind, original: str) -> None:
    if kind.whole and value != value.to_integral_value():
        raise NumberError(f"'{original}' skal være et helt tal")
    unit = " %" if kind.percent else ""
    if kind.minimum is not None and value < Decimal(str(kind.minimum)):
        if kind.minimum == 0:
            raise NumberError(f"'{original}' må ikke være negativ")
        raise NumberError(f"'{original}' skal være mindst {_plain(kind.minimum)}{unit}")
    if kind.maximum is not None:
        top = Decimal(str(kind.maximum))
        if value > top or (kind.below_max and value == top):
            word = "under" if kind.below_max else "højst"
            raise NumberError(f"'{original}' skal være {word} {_plain(kind.maximum)}{unit}")


def _plain(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def understood(value: float | None, kind: Kind = NUMBER) -> str:
    """The value as the app says it back: '= 300.000 kr.', '= 26 %', '= 18,5'.

    >>> understood(300000.0, MONEY), understood(0.26, PERCENT), understood(18.5, COUNT)
    ('= 300.000 kr.', '= 26 %', '= 18,5')
    >>> understood(0.0025, PERCENT)
    '= 0,25 %'
    """
    if value is None:
        return "= (tom)"
    text = editable(value, kind)
    if kind.percent:
        return f"= {text}" if text.endswith("%") else f"= {text} %"
    unit = f" {kind.unit}" if kind.unit else ""
    return f"= {text}{unit}"


def editable(value: float | None, kind: Kind = NUMBER) -> str:
    """The text a field shows for a stored value, exact (no rounding) and parseable by `parse`.

    A percentage below 1 (not 0) carries its '%' sign, since `parse` refuses such a number
    without it.

    >>> editable(600000.0, MONEY), editable(0.035, RATE), editable(2025, YEAR), editable(None)
    ('600.000', '3,5', '2025', '')
    >>> editable(0.0025, PERCENT), editable(0.0, PERCENT)
    ('0,25 %', '0')
    """
    from som import fmt

    if value is None:
        return ""
    if kind.percent:
        percent = Decimal(repr(float(value))) * 100
        text = fmt.exact(percent)
        return f"{text} %" if percent and abs(percent) < 1 else text
    if kind is YEAR:
        return str(int(value))
    return fmt.exact(value)


@dataclass(frozen=True)
class Reading:
    """One field's text read: the value, or the Danish reason it was refused."""

    text: str
    value: float | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def read(text: str | None, kind: Kind = NUMBER, *, required: bool = True) -> Reading:
    """`parse` that returns the refusal instead of raising (for forms with many fields)."""
    try:
        return Reading(text or "", parse(text, kind, required=required))
    except NumberError as exc:
        return Reading(text or "", None, str(exc))
