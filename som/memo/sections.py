"""The memo after page 1 (issue 14): assumptions (the SØM checklist), evidence, illustrative
values, sensitivity, notes, sources and the reproducibility stamp."""

from __future__ import annotations

from som import fmt
from som.memo.blocks import Block, Heading, Image, Para, Table
from som.views.checklist import checklist_rows, missing_sentence
from som.views.knowledge import record_name
from som.views.labels import EVIDENCE_LABELS, STATUS_LABELS

KIND_NAMES = {"price": "Pris", "target_group": "Målgruppe", "consequence_profile": "Profil",
              "effect_study": "Effektstudie", "price_index": "Prisindeks"}


def _in_the_calculation(calc, topic: str) -> str:
    """What the calculation itself holds on an undescribed topic, so the table does not say
    'Ikke udfyldt' beside a figure the memo states elsewhere (the evidence's dead weight)."""
    iv, st = calc.intervention, calc.settings
    if topic == "deadweight" and iv.success_rate_baseline is not None:
        return (f"; beregningen bruger en succesrate uden indsats på "
                f"{fmt.percent(iv.success_rate_baseline)}")
    if topic == "success_measure" and iv.net_success_rate is not None:
        return f"; beregningen bruger en nettosuccesrate på {fmt.percent(iv.net_success_rate)}"
    if topic == "price_level":
        return f"; beregningen er i {st.price_year}-priser"
    return ""


def assumptions(calc) -> list[Block]:
    rows = []
    for topic in checklist_rows(calc):
        if not topic["entries"]:
            rows.append([topic["name"], "Ikke udfyldt" + _in_the_calculation(calc, topic["topic"]),
                         ""])
        for entry in topic["entries"]:
            rows.append([topic["name"], entry["text"], entry.get("source") or ""])
    missing = missing_sentence(calc)
    intro = missing or "Alle tjeklistens emner er udfyldt."
    return [Heading("Forudsætninger (SØM's tjekliste)", 1), Para(intro),
            Table(["Emne", "Forudsætning", "Kilde"], rows, widths_cm=(3.6, 9.4, 4.0))]


def _rates(calc) -> str:
    iv = calc.intervention
    if iv.success_rate is not None:
        return (f"Nettosuccesraten er {fmt.percent(iv.success_rate)} (andelen, der får succes på "
                "grund af indsatsen, ud over dem, der ville have klaret sig alligevel).")
    return (f"Succesraten er {fmt.percent(iv.success_rate_intervention)} med indsatsen og "
            f"{fmt.percent(iv.success_rate_baseline)} uden (dødvægt), altså en nettosuccesrate på "
            f"{fmt.percent(iv.net_success_rate)}.")


def evidence(result, kb) -> list[Block]:
    calc, prov = result.calculation, result.provenance
    out: list[Block] = [Heading("Evidens", 1)]
    effect = prov.get("effect")
    if effect is not None:  # its sentences give the rates (to the precision of the conversion)
        out += [Para(note) for note in effect["notes"]]
        study = effect.get("study")
        if study is not None:
            rec = kb.effect_studies.get(study["id"]) if kb is not None else None
            rows = [["Effektstudie", study["id"]],
                    ["Evidensniveau", EVIDENCE_LABELS.get(study["evidence_level"],
                                                          str(study["evidence_level"]))],
                    ["Design", study["design"]],
                    ["Status", STATUS_LABELS.get(study["status"], study["status"])]]
            if rec is not None:
                rows[1:1] = [["Indsats", rec.intervention], ["Udfald", rec.outcome],
                             ["Effekt ifølge studiet", rec.effect_estimate],
                             ["Land og år", f"{rec.country} {rec.year}"]]
            rows.append(["Kilde", study.get("source_title") or study.get("source_url") or "–"])
            out.append(Table(["", ""], rows, widths_cm=(4.0, 13.0)))
    else:
        out += [Para(_rates(calc)),
                Para("Beregningen henviser ikke til et effektstudie: succesraten er angivet "
                     "direkte i beregningen.")]
    tg = calc.target_group
    group = kb.target_groups.get(tg) if isinstance(tg, str) and kb is not None else None
    if group is not None:
        out.append(Para(f"Målgruppe: {group.name} ({group.id}); succeskriterium: "
                        f"{group.success_criterion.rstrip('.')}."))
    elif tg is not None and not isinstance(tg, str):
        out.append(Para(f"Målgruppe: {tg.name} (egen beskrivelse)"
                        + (f"; succeskriterium: {tg.success_criterion.rstrip('.')}."
                           if tg.success_criterion
                           else ".")))
    source = prov.get("consequence_source", "file")
    if source.startswith("target_group:") and kb is not None:
        profile = kb.profiles.get(source.split(":", 1)[1])
        status = STATUS_LABELS.get(profile.status, profile.status) if profile else "–"
        out.append(Para(f"Konsekvenserne er målgruppens standardprofil i vidensbasen "
                        f"({profile.id if profile else source}), status: {status}. "
                        f"Begrundelse: {profile.reasoning if profile else '–'}"))
    else:
        out.append(Para(f"Konsekvenserne ({len(result.built.items)} poster) er angivet i "
                        "beregningen selv, ikke taget fra en profil i vidensbasen."))
    return out


def illustrative_caveat(result) -> list[Block]:
    """Page 1's one-line warning when the answer rests on illustrative values (the section
    'Illustrative værdier' names them)."""
    n = len(result.provenance.get("illustrative") or [])
    if not n:
        return []
    return [Para(f"Obs: resultatet bygger på {n} illustrative værdi{'er' if n > 1 else ''} fra "
                 "vidensbasen (begrundede antagelser, ikke publicerede tal); se afsnittet "
                 "Illustrative værdier, før det bruges til en beslutning.", italic=True)]


def illustrative(result, kb) -> list[Block]:
    names = [record_name(kb, rid) for rid in result.provenance.get("illustrative") or []]
    if not names:
        text = ("Beregningen bruger ingen illustrative værdier: alle tal fra vidensbasen er "
                "publicerede eller afledt af publicerede kilder.")
    else:
        text = (f"Beregningen bruger {len(names)} illustrative værdi{'er' if len(names) > 1 else ''}"
                " fra vidensbasen. Det er begrundede antagelser, ikke publicerede tal, og "
                "resultatet afhænger af dem: " + "; ".join(names) + ". Erstat dem med lokale tal, "
                "før resultatet bruges til en beslutning.")
    return [Heading("Illustrative værdier", 1), Para(text)]


def sensitivity(analysis: dict, tornado_png: bytes | None) -> list[Block]:
    from som.uncertainty.report import switching_lines

    out: list[Block] = [Heading("Følsomhed", 1),
                        Para("Nulpunktsværdier – hvad der skal til, før nettoresultatet for den "
                             "offentlige sektor bliver 0 (én ting ad gangen, resten som i "
                             "beregningen):")]
    out += [Para("• " + line.strip()) for line in switching_lines(analysis["switching_values"])]
    tornado = analysis.get("tornado") or []
    if not tornado:
        out.append(Para("Beregningen angiver ingen usikkerhedsintervaller, så der er ingen "
                        "tornado eller sandsynlighed for et positivt resultat.", italic=True))
        return out
    unc = analysis["uncertainty"]
    net = unc["net"]
    out.append(Para(f"Med de angivne intervaller ({fmt.number(unc['draws'])} trækninger, frø "
                    f"{unc['seed']}) er sandsynligheden for et positivt nettoresultat "
                    f"{fmt.percent(unc['p_net_positive'])}; nettoresultatet ligger med 90 % "
                    f"sandsynlighed mellem {fmt.kr(net['p5'])} og {fmt.kr(net['p95'])} (median "
                    f"{fmt.kr(net['p50'])})."))
    if tornado_png is not None:
        out.append(Image(tornado_png, 16.5, "Tornado: nettoresultatet ved lav og høj værdi af hver "
                                            "usikker størrelse, de øvrige centrale"))
    rows = [[r["label"], fmt.kr(r["net_low"]), fmt.kr(r["net_high"]), fmt.kr(r["swing"])]
            for r in tornado]
    out.append(Table(["Usikker størrelse", "Netto ved lav", "Netto ved høj", "Udsving"], rows,
                     numeric=(1, 2, 3), widths_cm=(7.4, 3.2, 3.2, 3.2)))
    return out


def notes(result) -> list[Block]:
    effect_notes = (result.provenance.get("effect") or {}).get("notes", [])
    lines = [n for n in result.notes if n not in effect_notes]  # the effect's are under Evidens
    if not lines:
        return []
    return [Heading("Bemærkninger", 1), *[Para("• " + n) for n in lines]]


def sources(result, kb) -> list[Block]:
    rows = []
    for rec in result.provenance.get("records_used") or []:
        name = record_name(kb, rec["id"])
        rows.append([f"{KIND_NAMES.get(rec['kind'], rec['kind'])}: {name}",
                     STATUS_LABELS.get(rec.get("status"), rec.get("status") or "–"),
                     rec.get("source_url") or "–"])
    for item, price in result.calculation.prices.items():
        src = price.source
        rows.append([f"Egen pris: {price.name or item}", "Beregningens egen",
                     (src.url or src.title) if src else "ingen kilde angivet"])
    if not rows:
        return [Heading("Kilder", 1), Para("Beregningen bruger ingen kilder fra vidensbasen.")]
    return [Heading("Kilder", 1),
            Table(["Værdi", "Status", "Kilde"], rows, widths_cm=(6.5, 3.0, 7.5))]


def stamp(result, command: str) -> list[Block]:
    p = result.provenance
    kb = f"{p.get('kb_version') or ''} {p.get('kb_fingerprint') or 'ingen vidensbase'}".strip()
    rows = [["som-version", str(p.get("som_version"))], ["Vidensbase (version og fingeraftryk)", kb],
            ["Input-hash (SHA-256 af beregningen)", str(p.get("input_hash"))]]
    return [Heading("Reproducerbarhed", 1),
            Para("Alle tal i notatet er beregnet af som ud fra beregningsfilen og vidensbasen "
                 "nedenfor; samme fil og vidensbase giver de samme tal" +
                 (f" ({command})." if command else ".")),
            Table(["", ""], rows, widths_cm=(6.0, 11.0))]
