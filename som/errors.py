"""Problems with user input, in Danish, each naming where it is.

Every layer (file parsing, schema, build, Excel) reports a list of `Problem`s and raises one
`InputError` carrying all of them, so a user sees everything wrong at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    """One thing wrong: `where` is a key path (``costs[1].payer``) or ``sheet!cell``."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(Exception):
    """Input that cannot be calculated; `problems` lists every reason."""

    def __init__(self, problems: list[Problem], source: str = ""):
        self.problems = list(problems)
        self.source = source
        super().__init__(self.render())

    def render(self) -> str:
        head = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1:
            return f"{head}{self.problems[0]}"
        lines = [f"{head}{len(self.problems)} fejl:"] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


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


_TAG = re.compile(r"^(str|int|float|bool|list\[.*\]|dict\[.*\]|function-.*|[A-Z]\w*)$")


def _is_internal_tag(part: str) -> bool:
    return part == "[key]" or bool(_TAG.match(part))


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
}


def problem_from_pydantic(error: dict, prefix: str = "") -> Problem:
    """One pydantic error dict -> one Danish Problem."""
    where = key_path(error["loc"])
    if prefix:
        where = f"{prefix}.{where}" if where else prefix
    if error["type"] == "som":
        return Problem(where, error["msg"])
    template = _MESSAGES.get(error["type"])
    if template is None:
        return Problem(where, error["msg"])
    context = {k: (int(v) if isinstance(v, float) and v.is_integer() else v)
               for k, v in (error.get("ctx") or {}).items()}
    context["input"] = _shown(error.get("input"))
    if "expected" in context:
        context["expected"] = context["expected"].replace("'", "").replace(" or ", ", ")
    try:
        return Problem(where, template.format(**context))
    except (KeyError, IndexError):
        return Problem(where, error["msg"])


def problems_from_validation(exc: ValidationError, prefix: str = "") -> list[Problem]:
    seen: list[Problem] = []
    for error in exc.errors(include_url=False):
        problem = problem_from_pydantic(error, prefix)
        if problem not in seen:
            seen.append(problem)
    return seen
