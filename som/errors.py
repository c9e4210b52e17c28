"""Problems with user input, in Danish, each naming where it is.

Every layer (file parsing, schema, build, Excel) reports a list of `Problem`s and raises one
`InputError` carrying all of them, so a user sees everything wrong at once.
"""

from __future__ import annotations

import difflib
import re
import reprlib
import types
import typing
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

MAX_SHOWN_PROBLEMS = 50  # a message lists this many problems, then "… og 9.940 fejl mere"
MAX_PROBLEM_CHARS = 1000  # one problem's line is cut here (a key or value from a file may be huge)


@dataclass(frozen=True)
class Problem:
    """One thing wrong: `where` is a key path (``costs[1].payer``) or ``sheet!cell``."""

    where: str
    message: str

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return text if len(text) <= MAX_PROBLEM_CHARS else text[: MAX_PROBLEM_CHARS - 1] + "…"


class InputError(Exception):
    """Input that cannot be calculated; `problems` lists every reason (each once, in order)."""

    def __init__(self, problems: list[Problem], source: str = ""):
        self.problems = unique(problems)
        self.source = source
        super().__init__(self.render())

    def render(self) -> str:
        """One line for one problem; else a count and at most MAX_SHOWN_PROBLEMS lines."""
        head = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1:
            return f"{head}{self.problems[0]}"
        lines = [f"{head}{_count(len(self.problems))} fejl:"]
        lines += [f"  - {p}" for p in self.problems[:MAX_SHOWN_PROBLEMS]]
        if len(self.problems) > MAX_SHOWN_PROBLEMS:
            lines.append(f"  … og {_count(len(self.problems) - MAX_SHOWN_PROBLEMS)} fejl mere")
        return "\n".join(lines)


def unique(problems) -> list:
    """Each problem once, first occurrence first, in linear time (problems are hashable)."""
    return list(dict.fromkeys(problems))


def _count(n: int) -> str:
    """9940 -> '9.940' (Danish thousands separator)."""
    return f"{n:,}".replace(",", ".")


def key_path(loc: tuple) -> str:
    """('costs', 1, 'payer') -> 'costs[1].payer'; drops pydantic's union/validator tags."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _is_internal_tag(str(part)):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


_TAG = re.compile(r"^(str|int|float|bool|list\[.*\]|dict\[.*\]|function-.*|[A-Z]\w*"
                  r"|constrained-\w+|(lax-or-strict|json-or-python|nullable|tagged-union|union"
                  r"|definition-ref)(\[.*\])?)$")


def _is_internal_tag(part: str) -> bool:
    return part == "[key]" or bool(_TAG.match(part))


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlong = 2, 60, 60, 40
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6


def shown(value: object, limit: int = 60) -> str:
    """A short repr for messages, cut while it is built: a value from a file may be an alias bomb
    or a 5 MB string, and repr() of the whole of it would take minutes and gigabytes.

    >>> shown(list(range(10**6)))
    '[0, 1, 2, 3, 4, 5, ...]'
    >>> len(shown("x" * 10**6))
    60
    """
    text = _REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_shown = shown


_MESSAGES = {
    "missing": "mangler (skal udfyldes)",
    "extra_forbidden": "ukendt nøgle (stavefejl?) med værdien {input}",
    "float_type": "skal være et tal, fik {input}",
    "float_parsing": "skal være et tal, fik {input}",
    "int_type": "skal være et heltal, fik {input}",
    "int_parsing": "skal være et heltal, fik {input}",
    "int_from_float": "skal være et heltal, fik {input}",
    "string_type": "skal være tekst, fik {input}",
    "list_type": "skal være en liste, fx [1, 2, 3], fik {input}",
    "dict_type": "skal være en blok med nøgler og værdier, fik {input}",
    "model_type": "skal være en blok med nøgler og værdier, fik {input}",
    "model_attributes_type": "skal være en blok med nøgler og værdier, fik {input}",
    "bool_type": "skal være sand eller falsk, fik {input}",
    "finite_number": "skal være et endeligt tal, fik {input}",
    "literal_error": "ugyldig værdi {input}; tilladt: {expected}",
    "greater_than_equal": "skal være mindst {ge}, fik {input}",
    "greater_than": "skal være større end {gt}, fik {input}",
    "less_than_equal": "må højst være {le}, fik {input}",
    "less_than": "skal være mindre end {lt}, fik {input}",
    "too_short": "skal have mindst {min_length} element(er), fik {input}",
    "string_too_short": "må ikke være tom",
    "too_long": "må højst have {max_length} elementer",
    "string_too_long": "må højst være {max_length} tegn lang",
    "int_parsing_size": "tallet har for mange cifre",
    "bool_parsing": "skal være sand eller falsk, fik {input}",
    "none_required": "skal være tom",
    "multiple_of": "skal gå op i {multiple_of}, fik {input}",
    "string_pattern_mismatch": "har ikke den rette form, fik {input}",
    "string_unicode": "skal være gyldig tekst (Unicode)",
    "union_tag_invalid": "ukendt type {input}",
    "union_tag_not_found": "mangler en type",
    "is_instance_of": "har en ugyldig type, fik {input}",
    "date_type": "skal være en dato (ÅÅÅÅ-MM-DD), fik {input}",
    "date_parsing": "skal være en dato (ÅÅÅÅ-MM-DD), fik {input}",
    "date_from_datetime_parsing": "skal være en dato (ÅÅÅÅ-MM-DD), fik {input}",
    "set_item_not_hashable": "en liste eller blok kan ikke være en nøgle",
    "recursion_loop": "henviser til sig selv",
    "recursion_depth_exceeded": "er for dybt indlejret",
    "frozen_instance": "kan ikke ændres",
    "value_error": "ugyldig værdi {input}",
    "assertion_error": "ugyldig værdi {input}",
}
FALLBACK = "ugyldig værdi {input}"  # pydantic's own (English) text never reaches a user


def problem_from_pydantic(error: dict, prefix: str = "", model: type | None = None) -> Problem:
    """One pydantic error dict -> one Danish Problem; with the root `model`, an unknown key is
    answered with the nearest key that block knows ("mente du success_rate?")."""
    where = key_path(error["loc"])
    if prefix:
        where = f"{prefix}.{where}" if where else prefix
    if error["type"] == "som":
        return Problem(where, error["msg"])
    message = danish_message(error) + _share_hint(error) + _text_number_hint(error)
    if error["type"] == "extra_forbidden" and model is not None:
        message += nearest_key(model, error["loc"])
    return Problem(where, message)


def _text_number_hint(error: dict) -> str:
    """A number written as Danish text ('1.200.000', '40 %') where the file wants a number: say
    how to write it. Percent becomes a share: a file holds shares.

    >>> _text_number_hint({"type": "float_type", "input": "1.200.000"})
    '; skriv 1200000 (i filen uden tusindtalspunktum og med punktum før decimaler)'
    >>> _text_number_hint({"type": "float_type", "input": "40 %"})
    '; skriv 0.4 (i filen uden tusindtalspunktum og med punktum før decimaler)'
    >>> _text_number_hint({"type": "float_type", "input": "mange"})
    ''
    """
    text = error.get("input")
    if error["type"] not in ("float_type", "float_parsing", "int_type", "int_parsing") or not (
            isinstance(text, str) and 0 < len(text) <= 40):
        return ""
    from som.numparse import NUMBER, PERCENT, NumberError, parse

    try:
        value = parse(text, PERCENT if "%" in text else NUMBER)
    except (NumberError, ValueError):
        return ""
    written = repr(value).removesuffix(".0")
    return f"; skriv {written} (i filen uden tusindtalspunktum og med punktum før decimaler)"


def _share_hint(error: dict) -> str:
    """A share (at most 1) typed as a percentage, 26 for 26 %: say how the file writes it.

    >>> _share_hint({"type": "less_than_equal", "ctx": {"le": 1.0}, "input": 26})
    '; en andel skrives som decimaltal: 26 % er 0.26'
    """
    value = error.get("input")
    if (error["type"] != "less_than_equal" or (error.get("ctx") or {}).get("le") != 1
            or isinstance(value, bool) or not isinstance(value, int | float)
            or not 1 < value <= 100):
        return ""
    return f"; en andel skrives som decimaltal: {value:g} % er {value / 100:g}"


def _models_in(annotation) -> list:
    """The pydantic models, lists' items and mappings' values an annotation can hold."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
    return [annotation]


def _step(annotation, part) -> list:
    """What `annotation` holds under `part` of an error's location (a field, index or key)."""
    out = []
    for t in _models_in(annotation):
        origin, args = typing.get_origin(t), typing.get_args(t)
        if isinstance(t, type) and issubclass(t, BaseModel):
            field = next((f for name, f in t.model_fields.items()
                          if part in (name, f.alias)), None)
            out += [field.annotation] if field is not None else []
        elif origin in (list, tuple) and args and isinstance(part, int):
            out.append(args[0])
        elif origin is dict and len(args) == 2:
            out.append(args[1])
    return out


def nearest_key(model: type, loc: tuple) -> str:
    """'; mente du <key>?' for the block's known key closest to the unknown loc[-1], else ''.

    >>> from som.schema import Calculation
    >>> nearest_key(Calculation, ("intervention", "sucess_rate"))
    '; mente du success_rate?'
    >>> nearest_key(Calculation, ("intervention", "zzz"))
    ''
    """
    annotations: list = [model]
    for part in loc[:-1]:
        annotations = [a for t in annotations for a in _step(t, part)]
    known = {f.alias or name for t in annotations for m in _models_in(t)
             if isinstance(m, type) and issubclass(m, BaseModel)
             for name, f in m.model_fields.items()}
    key = str(loc[-1])
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75) or [
        k for k in known if k.startswith(key) or key.startswith(k)]
    return f"; mente du {close[0]}?" if len(close) == 1 else ""


def danish_message(error: dict) -> str:
    """The Danish text of one pydantic error (without its key path); never pydantic's English."""
    template = _MESSAGES.get(error["type"], FALLBACK)
    context = {k: _bound(v) for k, v in (error.get("ctx") or {}).items()}
    context["input"] = shown(error.get("input"))
    if "expected" in context:
        context["expected"] = str(context["expected"]).replace("'", "").replace(" or ", ", ")
    try:
        return template.format(**context)
    except (KeyError, IndexError, ValueError):
        return FALLBACK.format(input=context["input"])


def _bound(value):
    """A limit from a Field constraint as a Danish number: 1e11 -> '100.000.000.000', 1.0 -> 1."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return _count(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return value


def problems_from_validation(exc: ValidationError, prefix: str = "",
                             model: type | None = None) -> list[Problem]:
    return unique(problem_from_pydantic(e, prefix, model) for e in exc.errors(include_url=False))
