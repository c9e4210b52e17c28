"""A calculation file's `intervention.effect` block -> the two success rates (issue 14).

`resolve_effect(calc, kb)` returns the calculation with `success_rate_intervention` (p1) and
`success_rate_baseline` (p0) filled in from the effect, the effect's interval as the success-rate
range of the `uncertainty:` block (unless the file sets one), and a provenance entry that shows the
conversion in numbers and in a Danish sentence. Every problem names its key under
`intervention.effect` and all are raised together as one InputError.
"""

from __future__ import annotations

from som.effect.convert import (
    LATENT_NOTE,
    MEASURES,
    EffectError,
    num,
    pct,
    success_rate,
    success_rate_interval,
)
from som.errors import InputError, Problem
from som.schema import Calculation

WHERE = "intervention.effect"
TOLERANCE = 1e-9  # rates the file states beside the effect must equal the conversion


def _p(key: str, message: str) -> Problem:
    return Problem(f"{WHERE}.{key}", message)


def _study(effect, calc: Calculation, kb, problems: list[Problem]) -> tuple[object, list[str]]:
    """The knowledge-base effect study the block names, and what the notes say about it."""
    if effect.study is None:
        return None, []
    if kb is None:
        problems.append(_p("study", f"effektstudiet {effect.study!r} kræver vidensbasen, men der "
                                    "regnes uden vidensbase"))
        return None, []
    study = kb.effect_studies.get(effect.study)
    if study is None:
        problems.append(_p("study", f"ukendt effektstudie {effect.study!r} i vidensbasen"))
        return None, []
    from som.views.labels import EVIDENCE_LABELS

    level = EVIDENCE_LABELS.get(study.evidence_level, str(study.evidence_level))
    notes = [f"Effekten stammer fra effektstudiet {study.id} ({study.design}; evidensniveau "
             f"{level})."]
    if isinstance(calc.target_group, str) and study.target_group != calc.target_group:
        notes.append(f"Effektstudiet {study.id} gælder målgruppen {study.target_group}, mens "
                     f"beregningen gælder {calc.target_group}: vurder, om effekten kan overføres.")
    return study, notes


def resolve_effect(calc: Calculation, kb=None) -> tuple[Calculation, dict | None]:
    """(calculation with the rates filled in, provenance entry); (calc, None) without effect."""
    effect = calc.intervention.effect
    if effect is None:
        return calc, None
    m = MEASURES[effect.measure]
    problems: list[Problem] = []
    p0 = effect.control_rate
    try:
        p1 = success_rate(effect.measure, effect.value, p0)
    except EffectError as exc:
        raise InputError([_p(exc.key, exc.message)]) from None
    if p1 < p0:
        problems.append(_p("value", f"{m.symbol} = {num(effect.value)} betyder færre succeser med "
                                    f"indsatsen ({pct(p1)}) end uden ({pct(p0)}); vend effektmålet, "
                                    "hvis studiet måler et negativt udfald (fx tilbagefald)"))
    iv = calc.intervention
    if iv.success_rate_intervention is not None and (
            abs(iv.success_rate_intervention - p1) > TOLERANCE
            or abs(iv.success_rate_baseline - p0) > TOLERANCE):  # type: ignore[operator]
        problems.append(Problem("intervention.success_rate_intervention",
                                f"passer ikke med effect ({m.formula} giver {num(p1)} og "
                                f"{num(p0)}); slet success_rate-nøglerne, de beregnes af effekten"))

    interval, range_source, file_range = None, None, None
    if calc.uncertainty is not None:
        file_range = calc.uncertainty.success_rate
    if effect.ci is not None:
        try:
            interval = success_rate_interval(effect.measure, effect.value, effect.ci, p0)
        except EffectError as exc:
            problems.append(_p(exc.key, exc.message))
        else:
            range_source = "file" if file_range is not None else "ci"
            if range_source == "ci" and interval[0] < p0:
                problems.append(_p("ci", f"intervallets nedre grænse {num(effect.ci[0])} giver "
                                         f"færre succeser med indsatsen ({pct(interval[0])}) end "
                                         f"uden ({pct(p0)}), og usikkerhedsberegningen regner ikke "
                                         "med en negativ nettosuccesrate; angiv "
                                         "uncertainty.success_rate selv (fx low: 0)"))
    study, study_notes = _study(effect, calc, kb, problems)
    if problems:
        raise InputError(problems)

    data = calc.to_data()
    data["intervention"]["success_rate_intervention"] = p1
    data["intervention"]["success_rate_baseline"] = p0
    if range_source == "ci":
        data.setdefault("uncertainty", {})["success_rate"] = {"low": interval[0] - p0,
                                                               "high": interval[1] - p0}
    resolved = Calculation.model_validate(data)

    latent = LATENT_NOTE if m.latent_normal else ""
    notes = [f"Succesraten med indsatsen, {pct(p1)}, er beregnet fra effekten "
             f"{m.symbol} = {num(effect.value)} ({m.label}) og succesraten uden indsats, {pct(p0)}, med "
             f"{m.formula}{latent}; nettosuccesraten er {pct(p1 - p0).removesuffix(' %')} "
             "procentpoint."]
    if interval is not None:
        use = ("brugt som usikkerhedsinterval for succesraten" if range_source == "ci" else
               "ikke brugt, fordi beregningen selv angiver usikkerhedsintervallet for "
               "succesraten")
        notes.append(f"Effektens 95 %-interval [{num(effect.ci[0])}; {num(effect.ci[1])}] giver en "
                     f"succesrate med indsats på {pct(interval[0])}–{pct(interval[1])}; det er "
                     f"{use}.")
    notes += study_notes
    entry = {
        "measure": effect.measure, "label": m.label, "value": effect.value,
        "ci": list(effect.ci) if effect.ci is not None else None, "control_rate": p0,
        "formula": m.formula, "latent_normal": m.latent_normal,
        "success_rate_intervention": p1, "success_rate_baseline": p0,
        "net_success_rate": p1 - p0,
        "success_rate_interval": list(interval) if interval is not None else None,
        "uncertainty_range": range_source,
        "study": None if study is None else {
            "id": study.id, "evidence_level": study.evidence_level, "design": study.design,
            "status": study.status, "target_group": study.target_group,
            "source_url": getattr(study.source, "url", None),
            "source_title": getattr(study.source, "title", None)},
        "notes": notes,
    }
    return resolved, entry
