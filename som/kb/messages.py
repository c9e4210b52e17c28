"""Danish messages for pydantic validation errors, each with a dotted key path."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from som.errors import danish_message, nearest_key, shown

_TEMPLATES = {
    "missing": "mangler",
    "extra_forbidden": "ukendt nøgle",
    "float_parsing": "skal være et tal",
    "float_type": "skal være et tal",
    "int_parsing": "skal være et heltal",
    "int_type": "skal være et heltal",
    "int_from_float": "skal være et heltal",
    "string_type": "skal være tekst",
    "string_too_short": "må ikke være tom",
    "list_type": "skal være en liste",
    "too_short": "må ikke være tom",
    "too_long": "er for lang",
    "dict_type": "skal være en tabel (nøgle: værdi)",
    "model_type": "skal være en tabel (nøgle: værdi)",
    "model_attributes_type": "skal være en tabel (nøgle: værdi)",
    "date_from_datetime_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_type": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "bool_type": "skal være sand eller falsk",
    "none_required": "skal være tom",
    "finite_number": "skal være et endeligt tal",
}


def format_loc(loc: Sequence[str | int]) -> str:
    """('consequences', 2, 'item') -> 'consequences[2].item'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def pydantic_problems(exc: ValidationError, model: type | None = None) -> list[tuple[str, str]]:
    """(dotted key path, Danish message) for every error in `exc`; with the record's `model`, an
    unknown key is answered with the nearest known one."""
    problems: list[tuple[str, str]] = []
    for err in exc.errors(include_url=False):
        loc = format_loc(err.get("loc", ()))
        kind = err.get("type", "")
        if kind in ("value_error", "assertion_error"):
            ctx_error = (err.get("ctx") or {}).get("error")
            message = str(ctx_error) if ctx_error is not None else err.get("msg", "")
        elif kind == "too_long" and "max_length" in (err.get("ctx") or {}):
            message = f"er for lang (højst {err['ctx']['max_length']} elementer)"
        else:
            message = _TEMPLATES.get(kind) or danish_message(err)  # never pydantic's English
        if kind == "extra_forbidden" and model is not None:
            message += nearest_key(model, err["loc"])
        if kind in ("float_parsing", "int_parsing", "string_type", "int_type", "float_type"):
            message += f" (fik {shown(err.get('input'))})"
        if message.startswith("@") and ": " in message:  # a model-level check naming its key
            key, message = message[1:].split(": ", 1)
            loc = f"{loc}.{key}" if loc else key
        problems.append((loc, message))
    return problems
