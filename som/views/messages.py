"""Problems (som.errors) as a person at a screen reads them: Danish field names, no key paths.

The core's messages are written for the file (`costs[1].payer: andelene skal summere til 1, men
summerer til 0.5`), which is right for `som run` and YAML. A person in the app typed percentages
in a table, so the same problem reads "Omkostninger, linje 2, betaler: andelene skal summere til
100 %, men summerer til 50 %". Rewrites are listed here, each tested; a message none of them
knows is shown as it is, with any key path in it replaced by its Danish field name.

>>> from som.errors import Problem
>>> problem_text(Problem("costs[1].payer", "andelene skal summere til 1, men summerer til 0.5"))
'Omkostninger, linje 2, betaler: andelene skal summere til 100 %, men summerer til 50 %'
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from som import fmt
from som.views.labels import COST_TYPE_LABELS, FIELD_NAMES, field_label

_NUMBER = r"(-?\d+(?:\.\d+)?(?:e-?\d+)?)"


def _pct(text: str) -> str:
    """'0.5' (a share) -> '50 %'."""
    try:
        value = Decimal(text) * 100
    except InvalidOperation:
        return text
    return f"{fmt.exact(value)} %"


def _num(text: str) -> str:
    """'300000.0' -> '300.000'; '-5.5' -> '-5,5'."""
    try:
        return fmt.exact(Decimal(text))
    except InvalidOperation:
        return text


def _danish_number(text: str) -> Decimal:
    """'0,9' (the uncertainty module's Danish decimals) -> Decimal('0.9')."""
    return Decimal(text.replace(".", "").replace(",", "."))


def _deviation(text: str) -> str:
    """A factor '0,9' as the change a person typed: '-10 %'."""
    change = (_danish_number(text) - 1) * 100
    return f"{'+' if change > 0 else ''}{fmt.exact(change)} %"


def _rate(text: str) -> str:
    return f"{fmt.exact(_danish_number(text) * 100)} %"


def _type(name: str) -> str:
    return f"'{COST_TYPE_LABELS.get(name, name)}'"


# (pattern on the core's message, Danish text for the app; groups are passed to the function)
_REWRITES: list[tuple[re.Pattern, Any]] = [
    (re.compile(rf"andelene skal summere til 1, men summerer til {_NUMBER}"),
     lambda m: f"andelene skal summere til 100 %, men summerer til {_pct(m[1])}"),
    (re.compile(rf"andelen for (\w+) skal ligge i \[0, 1\], fik {_NUMBER}"),
     lambda m: f"andelen for {m[1]} skal ligge mellem 0 og 100 %, fik {_pct(m[2])}"),
    (re.compile(r"fordelingen på betalere er tom"),
     lambda m: "ingen betaler: skriv fx 100 i kolonnen 'Kommune %'"),
    (re.compile(r"en per_participant-linje skal have 'amount' \(kr\. pr\. deltager\)"),
     lambda m: "en linje af typen 'Pr. deltager' skal have et beløb i kolonnen "
               "'Pr. deltager (kr.)'"),
    (re.compile(r"en per_participant-linje bruger 'amount', ikke 'amounts'"),
     lambda m: "en linje af typen 'Pr. deltager' har sit beløb i kolonnen 'Pr. deltager (kr.)', "
               "ikke i årskolonnerne; flyt beløbet eller skift type"),
    (re.compile(r"en (\w+)-linje skal have 'amounts' \(kr\. pr\. år\)"),
     lambda m: f"en linje af typen {_type(m[1])} skal have beløb i årskolonnerne"),
    (re.compile(r"en (\w+)-linje bruger 'amounts', ikke 'amount'"),
     lambda m: f"en linje af typen {_type(m[1])} har beløb i årskolonnerne, ikke i "
               "'Pr. deltager (kr.)'; flyt beløbet eller skift type"),
    (re.compile(r"angiv enten success_rate eller success_rate_intervention og "
                r"success_rate_baseline, ikke begge dele"),
     lambda m: "angiv enten nettosuccesraten eller succesraterne med og uden indsats, ikke begge"),
    (re.compile(r"mangler success_rate \(eller både success_rate_intervention og "
                r"success_rate_baseline\)"),
     lambda m: "mangler en succesrate (trin 4 Effekt)"),
    (re.compile(rf"success_rate_baseline \({_NUMBER}\) er større end success_rate_intervention "
                rf"\({_NUMBER}\)(.*)"),
     lambda m: f"succesraten uden indsats ({_pct(m[1])}) er større end succesraten med indsats "
               f"({_pct(m[2])}){m[3]}"),
    (re.compile(r"diskonteringsrente skal ligge i \[0, 1\), fik (.+)"),
     lambda m: f"diskonteringsrenten skal være under 100 %, fik {_pct(m[1])}"),
    (re.compile(r"kræver et prisindeks \(settings\.price_index eller vidensbasen\)"),
     lambda m: "kræver et prisindeks (beregningens eget under Indstillinger, eller vidensbasens)"),
    (re.compile(r"ingen pris for '([^']+)': angiv den under prices(.*)"),
     lambda m: f"ingen pris for '{m[1]}': angiv den i trin 6 Priser{m[2]}"),
    (re.compile(rf"(skal være mindst|må højst være|skal være større end|skal være mindre end) "
                rf"{_NUMBER}, fik {_NUMBER}"),
     lambda m: f"{m[1]} {_num(m[2])}, fik {_num(m[3])}"),
]
_DANISH = r"(-?[\d.]+(?:,\d+)?)"
# The uncertainty block's factors are typed as changes in percent, its success rates in percent.
_RANGE_REWRITES: list[tuple[re.Pattern, Any, Any]] = [
    (re.compile(rf"intervallet \[{_DANISH}; {_DANISH}\] skal indeholde 1 \(den centrale værdi\).*"),
     lambda m: f"intervallet {_deviation(m[1])} til {_deviation(m[2])} skal indeholde 0 % (det "
               "centrale skøn): lav må højst være 0 %, høj skal være mindst 0 %", None),
    (re.compile(rf"intervallet \[{_DANISH}; {_DANISH}\] skal indeholde filens \(netto\)succesrate "
                rf"{_DANISH}"),
     lambda m: f"intervallet {_rate(m[1])} til {_rate(m[2])} skal indeholde beregningens "
               f"nettosuccesrate {_rate(m[3])}", None),
    (re.compile(rf"low \({_DANISH}\) er større end high \({_DANISH}\)"),
     lambda m: f"lav ({_deviation(m[1])}) er større end høj ({_deviation(m[2])})",
     lambda m: f"lav ({_rate(m[1])}) er større end høj ({_rate(m[2])})"),
]
_RATE_FIELDS = ("completion_rate", "success_rate", "success_rate_intervention",
                "success_rate_baseline")
_KEY_PATH = re.compile(r"\b(?:settings|intervention|meta|costs|saved_costs|consequences|prices|"
                       r"uncertainty)(?:\.[\w]+|\[\d+\])+")
_FIELD_WORD = re.compile(r"\b(" + "|".join(sorted((k for k in FIELD_NAMES if "_" in k), key=len,
                                                  reverse=True)) + r")\b")


def user_message(message: str, where: str = "") -> str:
    """The core's message in the words of the app (percent where the user typed percent)."""
    field = where.rsplit(".", 1)[-1] if where else ""
    for pattern, factor_text, rate_text in _RANGE_REWRITES:
        match = pattern.search(message)
        if match:
            rewrite = rate_text if rate_text and "success_rate" in where else factor_text
            return rewrite(match)
    if field in _RATE_FIELDS or (where.startswith("uncertainty.success_rate") and
                                 field in ("low", "high")):
        bound = re.fullmatch(rf"(skal være mindst|må højst være) {_NUMBER}, fik {_NUMBER}"
                             r"(?:; en andel skrives som decimaltal: .*)?", message)  # app: %
        if bound:
            return f"{bound[1]} {_pct(bound[2])}, fik {_pct(bound[3])}"
    for pattern, rewrite in _REWRITES:
        match = pattern.search(message)
        if match:
            message = message[: match.start()] + rewrite(match) + message[match.end():]
            break
    message = _KEY_PATH.sub(lambda m: field_label(m[0]) or m[0], message)
    return _FIELD_WORD.sub(lambda m: f"'{FIELD_NAMES[m[1]]}'", message)


def where_text(where: str, names: dict[str, str] | None = None) -> str:
    """The Danish field name of a problem's place, with knowledge-base ids as their names."""
    label = field_label(where) if where else None
    if label is None:
        return where
    for ident, name in (names or {}).items():
        label = re.sub(rf"(?<![\w]){re.escape(ident)}(?![\w])", name, label)
    return label


def problem_text(problem: Any, names: dict[str, str] | None = None) -> str:
    """'<Danish field>: <message>' for a person; `names` maps knowledge-base ids to names."""
    message = user_message(problem.message, problem.where)
    place = where_text(problem.where, names)
    return f"{place}: {message}" if place else message


def kb_names(kb: Any) -> dict[str, str]:
    """{id: name} of the knowledge base's target groups and prices (for `problem_text`)."""
    if kb is None:
        return {}
    names = {g.id: g.name for g in kb.target_groups.values()}
    names.update({p.id: p.name for p in kb.prices.values()})
    return names
