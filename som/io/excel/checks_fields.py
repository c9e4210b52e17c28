"""Checks of the key/value fields on Forudsætninger (one formula per field).

Each check walks the same rules as the importer and the schema, in order, and names the field's
cell (found with ROW/COLUMN, so it follows inserted rows): a required field left blank, text
where a number belongs, a rate outside 0-100 %, a choice the importer does not know. Blanks the
engine fills with a default (completion rate 1, course 0, discount 0) are not problems.
"""

from __future__ import annotations

from som.io.excel import layout as L
from som.io.excel.geometry import Geometry, is_choice, is_num, norm, q
from som.io.excel.kontrol import Check

F = L.FORUDSAETNINGER
RATE = "er ikke en andel mellem 0 og 100 % – skriv fx 25 % (ikke 25)"
NOT_NUMBER = "er ikke et tal – skriv tallet uden tekst (er cellen formateret som tekst?)"
BOOLEAN = "er en sandhedsværdi – skriv tekst"


def at(ref: str, sheet: str = F) -> str:
    """'Kontrol: Sheet!B25 ' for the cell `ref` (follows inserted and deleted rows)."""
    return f'"Kontrol: {sheet}!"&ADDRESS(ROW({ref}),COLUMN({ref}),4)&" "'


def first(pairs: list[tuple[str, str, str]], blank_ok: str | None = None) -> str:
    """Nested IF over (condition, cell, message expression): the first true one's message."""
    expr = '""'
    for cond, ref, msg in reversed(pairs):
        expr = f"IF({cond},{at(ref)}&{msg},{expr})"
    return f'IF({blank_ok}="","",{expr})' if blank_ok else expr


def _choices_text(choices: tuple[str, ...]) -> str:
    return ", ".join(choices[:-1]) + " eller " + choices[-1] if len(choices) > 1 else choices[0]


def field_checks(geo: Geometry, values: dict, exported_overlay: str | None) -> list[Check]:
    """One check per field; `values` are what the sheet shows as written (cached messages)."""
    out: list[Check] = []
    for fld in L.FIELDS:
        x = geo.field(fld.key)
        row = geo.field_rows[fld.key]
        label, key = L.ref(F, row, 0), L.ref(F, row, L.FIELD_KEY_COL)
        pairs = [(f"NOT(AND(EXACT(TRIM({label}),{q(fld.label)}),EXACT(TRIM({key}),{q(fld.key)})))",
                  label, q(f"skal hedde '{fld.label}' med nøglen {fld.key} i kolonne C – "
                           "ret feltets navn eller nøgle tilbage"))]
        blank_ok: str | None = None
        cached = ""
        required = fld.kind == "title" or fld.key in ("settings.start_year",
                                                      "settings.horizon_years",
                                                      "settings.price_year")
        if required:
            what = {"title": "skriv " + ("indsatsens navn" if fld.key.startswith("intervention")
                                        else "beregningens titel"),
                    "year": "skriv årstallet", "int": "skriv antal år (1–50)"}[fld.kind]
            pairs.append((f'{x}=""', x, q(f"er tom – {what}")))
            if values.get(fld.key) in (None, ""):
                cached = f"Kontrol: {F}!{L.a1(row, L.FIELD_VALUE_COL)} er tom – {what}"
        kind = fld.kind
        if kind in ("text", "title", "lines"):
            pairs.append((f"ISLOGICAL({x})", x, q(BOOLEAN)))
        if kind in ("year", "int", "rate"):
            pairs.append((f"NOT({is_num(x)})", x, q(NOT_NUMBER)))
            blank_ok = None if required else x
        if kind == "year":
            pairs.append((f"OR({x}<>INT({x}),{x}<1900,{x}>2200)", x,
                          q("skal være et helt årstal mellem 1900 og 2200")))
        elif fld.key == "settings.horizon_years":
            pairs.append((f"OR({x}<>INT({x}),{x}<1,{x}>{L.MAX_YEARS})", x,
                          q("skal være et helt antal år fra 1 til 50")))
            pairs.append((f"{x}>{geo.n_years}", x, q(
                f"er længere end arbejdsbogens {geo.n_years} årskolonner – kør 'som export' igen "
                "for at få formler til flere år")))
        elif fld.key == "settings.budget_period_years":
            pairs.append((f"OR({x}<>INT({x}),{x}<1,{x}>{geo.field('settings.horizon_years')})", x,
                          q("skal være et helt antal år fra 1 til tidshorisonten")))
        elif kind == "int":
            pairs.append((f"OR({x}<>INT({x}),{x}<0)", x, q("skal være et helt antal år (0 eller mere)")))
        elif kind == "rate":
            pairs.append((f"OR({x}<0,{x}>1)", x, q(RATE)))
        elif kind in ("choice", "index_source") and fld.choices:
            blank_ok = x
            pairs.append((f"NOT({is_choice(x, fld.choices)})", x,
                          f'"(\'"&{x}&"\') er ikke en tilladt værdi – vælg {_choices_text(fld.choices)}"'))
        elif kind == "discount":
            blank_ok = x
            pairs.append((f"AND(ISTEXT({x}),{norm(x)}<>{q(L.FINANSMINISTERIET)})", x, q(
                "skal være en rente (fx 3,5 %) eller 'finansministeriet'")))
            pairs.append((f"AND(NOT(ISTEXT({x})),NOT({is_num(x)}))", x, q(NOT_NUMBER)))
            pairs.append((f"AND({is_num(x)},OR({x}<0,{x}>=1))", x,
                          q("skal være en rente fra 0 til under 100 % (fx 3,5 %)")))
        elif kind == "lines":
            shown = (exported_overlay or "").split("\n")
            expected = "&CHAR(10)&".join(q(part) for part in shown)
            pairs.append((f"NOT(EXACT({x},{expected}))", x, q(
                "(vidensbase-tillæg) kan ikke regnes i arbejdsbogen – kør 'som export' med "
                "tillægget, eller brug 'som run'")))
        out.append(Check(f"Feltet '{fld.label}'", F, first(pairs, blank_ok), cached=cached,
                         field=fld.key))
    out += _combinations(geo, values)
    return out


def _combinations(geo: Geometry, values: dict) -> list[Check]:
    sr, sri, srb = (geo.field(f"intervention.{k}") for k in
                    ("success_rate", "success_rate_intervention", "success_rate_baseline"))
    rates = first([
        (f'AND({sr}<>"",OR({sri}<>"",{srb}<>""))', sri, q(
            "– udfyld enten Succesrate (netto) eller de to rater med og uden indsats, ikke begge")),
        (f'AND({sr}="",OR({sri}="",{srb}=""))', sr, q(
            "er tom – skriv succesraten (eller både raten med og uden indsats)")),
        (f"AND({is_num(sri)},{is_num(srb)},{srb}>{sri})", srb,
         q("er større end succesraten med indsats (indsatsen ville gøre det værre)")),
    ])
    cached = ""
    if all(values.get(f"intervention.{k}") is None for k in
           ("success_rate", "success_rate_intervention", "success_rate_baseline")):
        cached = (f"Kontrol: {F}!{L.a1(*geo.field_cell('intervention.success_rate'))} er tom – "
                  "skriv succesraten (eller både raten med og uden indsats)")
    tg, name = geo.field("target_group"), geo.field("tg.name")
    custom = [geo.field(f"tg.{k}") for k in ("name", "description", "area", "age_band",
                                             "success_criterion")]
    any_custom = "OR(" + ",".join(f'{c}<>""' for c in custom) + ")"
    others = "OR(" + ",".join(f'{c}<>""' for c in custom[1:]) + ")"
    group = first([
        (f'AND({tg}<>"",{any_custom})', name, q(
            "– udfyld enten målgruppens id i vidensbasen eller en egen målgruppe, ikke begge")),
        (f'AND({name}="",{others})', name, q("er tom – giv den egne målgruppe et navn")),
        (f'AND({tg}<>"",COUNTA({L.KB_GROUP_IDS})>0,SUM(--EXACT({L.KB_GROUP_IDS},{tg}))=0)', tg,
         f'"(\'"&{tg}&"\') er ikke en målgruppe i vidensbasen – vælg en fra listen"'),
    ])
    return [Check("Succesrater", F, rates, cached=cached),
            Check("Målgruppe", F, group, array=True)]
