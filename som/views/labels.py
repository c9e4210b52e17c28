"""Danish labels for what users see, and key paths translated to the fields they filled in.

Identifiers stay English in files and code; everything a user reads goes through here so the
CLI, the app and any later report say the same words.
"""

from __future__ import annotations

import re

PAYERS: tuple[str, ...] = ("kommune", "region", "stat")
PAYER_LABELS = {"kommune": "Kommune", "region": "Region", "stat": "Stat"}
PAYER_POSSESSIVE = {"kommune": "Kommunens", "region": "Regionens", "stat": "Statens"}
PAYER_DEFINITE = {"kommune": "kommunen", "region": "regionen", "stat": "staten"}
COST_TYPE_LABELS = {"startup": "Opstart", "operating": "Drift", "per_participant": "Pr. deltager"}
COST_TYPES_BY_LABEL = {v: k for k, v in COST_TYPE_LABELS.items()}
KIND_LABELS = {"expenditure": "Udgift", "revenue": "Indtægt"}
KINDS_BY_LABEL = {v: k for k, v in KIND_LABELS.items()}
STATUS_LABELS = {
    "published": "Publiceret",
    "derived": "Afledt",
    "calibrated": "Kalibreret (skaleret til et publiceret tal)",
    "illustrative": "Illustrativ (antagelse)",
}
# SØM's evidence levels, as the knowledge base's effect_studies.yaml defines them.
EVIDENCE_LABELS = {
    1: "1 – metaanalyse eller randomiseret forsøg",
    2: "2 – kvasi-eksperimentel (sammenligningsgruppe)",
    3: "3 – før/efter uden kontrolgruppe",
}
SUSI_LABELS = {
    "screening": "Screening",
    "modning": "Modning",
    "afprøvning": "Afprøvning",
    "udbredelse": "Udbredelse",
}
CONSEQUENCE_START_LABELS = {
    "completion_year": "Samme år som succes",
    "year_after": "Året efter succes",
}

_SECTIONS = {
    "meta": "Om beregningen",
    "settings": "Indstillinger",
    "target_group": "Målgruppe",
    "intervention": "Indsats",
    "costs": "Omkostninger",
    "saved_costs": "Sparede udgifter",
    "consequences": "Konsekvenser",
    "prices": "Priser",
    "som_version": "Filformatets version",
    "uncertainty": "Usikkerhed",
}
_FIELDS = {
    "title": "titel",
    "organisation": "organisation",
    "author": "forfatter",
    "description": "beskrivelse",
    "susi_phase": "SUSI-fase",
    "start_year": "startår",
    "horizon_years": "tidshorisont (år)",
    "price_year": "prisår",
    "discount_rate": "diskonteringsrente",
    "consequence_start": "konsekvenser starter",
    "price_index": "prisindeks",
    "kb_overlay": "lokale tillæg til vidensbasen",
    "budget_period_years": "budgetperiode (år)",
    "budget_areas": "udvalg pr. konsekvensområde",
    "budget_area": "udvalg",
    "during_course": "ændring pr. deltager under forløbet",
    "low": "lav",
    "high": "høj",
    "draws": "antal trækninger",
    "seed": "frø",
    "target": "hvad",
    "costs": "omkostninger",
    "consequences": "konsekvenser",
    "prices": "priser",
    "name": "navn",
    "participants": "deltagere pr. år",
    "course_years": "forløbets længde (år)",
    "completion_rate": "gennemførelsesandel",
    "success_rate": "succesrate (netto)",
    "success_rate_intervention": "succesrate med indsats",
    "success_rate_baseline": "succesrate uden indsats",
    "type": "type",
    "payer": "betaler",
    "amounts": "beløb pr. år",
    "amount": "beløb pr. deltager",
    "item": "post",
    "delta_per_success": "ændring pr. succes",
    "unit": "enhed",
    "kind": "art",
    "kommune": "kommunens beløb",
    "region": "regionens beløb",
    "stat": "statens beløb",
    "area": "område",
    "age_band": "aldersgruppe",
    "success_criterion": "succeskriterium",
    "effect": "effekt",  # issue 14: intervention.effect.*
    "measure": "effektmål",
    "value": "værdi",
    "ci": "95 %-interval",
    "control_rate": "succesrate uden indsats",
    "study": "effektstudie",
}
FIELD_NAMES = _FIELDS


def consequence_year_header(k: int) -> str:
    """Header of the k-th year since success (År 0 = the year of success), the numbering the
    Excel workbook uses too (som.io.excel.layout.consequence_year_header)."""
    return f"År {k}"


_PROFILE = re.compile(r"target_group\(([^)]*)\)\.([^.]+)(?:\.(\w+))?")
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def field_label(where: str) -> str | None:
    """The Danish name of the field a key path points at, or None when it is not a key path.

    >>> field_label("costs[1].payer")
    'Omkostninger, linje 2, betaler'
    >>> field_label("intervention.participants[0]")
    'Indsats, deltagere pr. år, år nr. 1'
    >>> field_label("consequences[2].item (vidensbasens pris x_uge)")
    'Konsekvenser, linje 3, post – vidensbasens pris x_uge'
    >>> field_label("target_group(unge).skat_uge.delta_per_success")
    'Målgruppens standardprofil (unge), post skat_uge, ændring pr. succes'
    >>> field_label("linje 3, kolonne 2") is None
    True
    """
    path, _, note = where.partition(" ")
    note = f" – {note.strip('()')}" if note else ""
    profile = _PROFILE.fullmatch(path)
    if profile:
        group, item, field = profile.groups()
        tail = f", {_FIELDS.get(field, field)}" if field else ""
        return f"Målgruppens standardprofil ({group}), post {item}{tail}{note}"
    parts = _PART.findall(path)
    if not parts or parts[0][0] not in _SECTIONS:
        return None
    words = [_SECTIONS[parts[0][0]]]
    previous = parts[0][0]
    for name, index in parts[1:]:
        if index:
            if previous in ("costs", "saved_costs", "consequences", "lines"):
                words.append(f"linje {int(index) + 1}")
            else:
                words.append(f"år nr. {int(index) + 1}")
        elif previous == "prices" and name not in _FIELDS:
            words.append(name)  # a price item id
        else:
            words.append(_FIELDS.get(name, name))
        previous = name or previous
    return f"{', '.join(words)}{note}"


def describe_where(where: str) -> str:
    """A key path as the Danish field a user filled in, with the path in parentheses.

    >>> describe_where("costs[1].payer")
    'Omkostninger, linje 2, betaler (costs[1].payer)'
    >>> describe_where("linje 3, kolonne 2")
    'linje 3, kolonne 2'
    """
    label = field_label(where)
    return where if label is None else f"{label} ({where.partition(' ')[0]})"
