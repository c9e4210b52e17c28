"""The knowledge base as rows a front end can show: target groups, profiles, effects, prices.

Every function takes the loaded knowledge base (or None when there is none) and returns plain
dicts with Danish column names where they are shown as tables. Source links and status travel
with every row, because a committee asks "where does that number come from?".
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import Any

from som import fmt
from som.errors import InputError
from som.views.labels import EVIDENCE_LABELS, KIND_LABELS, STATUS_LABELS

KB_MISSING = (
    "Vidensbasen er ikke installeret i denne version af som. Beregninger, der selv angiver "
    "konsekvenser og priser (som eksemplet), virker; målgrupper, standardprofiler, effektstudier "
    "og priser fra vidensbasen kan ikke vises."
)


@dataclass(frozen=True)
class KBStatus:
    """The knowledge base, or None with the Danish reason why it is not there."""

    kb: Any
    message: str | None = None


def load_knowledge_base_status(path=None) -> KBStatus:
    """Load the bundled (or given) knowledge base; never raises."""
    if importlib.util.find_spec("som.kb") is None:
        return KBStatus(None, KB_MISSING)
    import som

    try:
        return KBStatus(som.load_knowledge_base(path))
    except InputError as exc:
        return KBStatus(None, "Vidensbasen kunne ikke indlæses:\n" + exc.render())


def _source(record: Any) -> tuple[str, str]:
    source = getattr(record, "source", None)
    return (getattr(source, "title", "") or "", getattr(source, "url", "") or "")


def _status(record: Any) -> str:
    status = getattr(record, "status", None)
    return STATUS_LABELS.get(status, status or "")


def matches(row: dict, query: str) -> bool:
    """Case-insensitive search in every text and number of a row; '' matches all.

    >>> matches({"Navn": "Kontanthjælp, uge", "Id": "kontanthjaelp_uge"}, "KONTANT")
    True
    >>> matches({"Navn": "Skat"}, "psyk")
    False
    """
    words = query.lower().split()
    text = " ".join(str(v) for v in row.values() if v is not None).lower()
    return all(w in text for w in words)


def _filter(rows: list[dict], query: str) -> list[dict]:
    return [r for r in rows if matches(r, query)] if query.strip() else rows


def area_name(kb: Any, area_id: str) -> str:
    if not area_id:
        return "Uden område"
    area = getattr(kb, "areas", {}).get(area_id) if kb is not None else None
    return area.name if area is not None else area_id


# --- target groups -------------------------------------------------------------------------------

def target_group_choices(kb: Any) -> dict[str, str]:
    """{id: 'Name (age band)'} sorted by name, for a picker."""
    if kb is None:
        return {}
    groups = sorted(kb.target_groups.values(), key=lambda g: g.name)
    return {g.id: g.name if not g.age_band or g.age_band in g.name else f"{g.name} ({g.age_band})"
            for g in groups}


def target_group_rows(kb: Any, query: str = "") -> list[dict]:
    if kb is None:
        return []
    rows = []
    for g in sorted(kb.target_groups.values(), key=lambda g: g.name):
        title, url = _source(g)
        rows.append({
            "Id": g.id, "Målgruppe": g.name, "Område": g.area, "Alder": g.age_band,
            "Succeskriterium": g.success_criterion, "Standardprofil": g.id in kb.profiles,
            "Status": _status(g), "Kilde": title, "Link": url,
        })
    return _filter(rows, query)


def target_group_details(kb: Any, target_group: Any) -> dict | None:
    """What to say about the calculation's target group (a KB id or a custom block)."""
    if isinstance(target_group, dict):
        return {"Målgruppe": target_group.get("name", ""), "Alder": target_group.get("age_band", ""),
                "Succeskriterium": target_group.get("success_criterion", ""),
                "Beskrivelse": target_group.get("description", ""), "Status": "Egen målgruppe",
                "Kilde": "", "Link": ""}
    if not isinstance(target_group, str) or kb is None:
        return None
    group = kb.target_groups.get(target_group)
    if group is None:
        return None
    title, url = _source(group)
    return {"Målgruppe": group.name, "Alder": group.age_band,
            "Succeskriterium": group.success_criterion, "Beskrivelse": group.description or "",
            "Status": _status(group), "Kilde": title, "Link": url}


# --- consequence profiles ------------------------------------------------------------------------

def default_profile(kb: Any, target_group: Any) -> dict | None:
    """The target group's default consequence profile: id, status, reasoning, source, lines."""
    if kb is None or not isinstance(target_group, str):
        return None
    profile = kb.profiles.get(target_group)
    if profile is None:
        return None
    title, url = _source(profile)
    return {
        "id": profile.id,
        "status": _status(profile),
        "reasoning": profile.reasoning,
        "source_title": title,
        "source_url": url,
        "consequences": [_profile_line(c) for c in profile.consequences],
    }


def _profile_line(line: Any) -> dict:
    """A profile line as the file's consequence (spec v2: during_course may come alone)."""
    out: dict = {"item": line.item}
    for key in ("delta_per_success", "during_course"):
        values = getattr(line, key, None)
        if values is not None:
            out[key] = list(values)
    return out


def effective_consequences(data: dict, kb: Any) -> tuple[list[dict], str]:
    """The consequences a calculation will use and where they come from ('file' or 'profile').

    Mirrors som.build: the file's own list wins; otherwise the target group's default profile.
    """
    own = data.get("consequences")
    if own:
        return [dict(c) for c in own], "file"
    profile = default_profile(kb, data.get("target_group"))
    if profile is not None:
        return profile["consequences"], "profile"
    return [], "none"


def profile_rows(kb: Any, query: str = "") -> list[dict]:
    """One row per consequence line of every profile, named in Danish."""
    if kb is None:
        return []
    rows = []
    for tg, profile in sorted(kb.profiles.items()):
        group = kb.target_groups.get(tg)
        title, url = _source(profile)
        for c in profile.consequences:
            price = kb.prices.get(c.item)
            rows.append({
                "Målgruppe": group.name if group else tg, "Post": price.name if price else c.item,
                "Enhed": price.unit if price else "",
                "Ændring pr. succes (år 0, 1, …)": "; ".join(
                    fmt.exact(v) for v in (c.delta_per_success or [])),
                "Status": _status(profile), "Kilde": title, "Link": url,
            })
    return _filter(rows, query)


# --- effect studies ------------------------------------------------------------------------------

def effect_rows(kb: Any, target_group: str | None = None, query: str = "") -> list[dict]:
    """Effect studies (all, or for one target group), strongest evidence first."""
    if kb is None:
        return []
    studies = [s for s in kb.effect_studies.values()
               if target_group is None or s.target_group == target_group]
    rows = []
    for s in sorted(studies, key=lambda s: (s.evidence_level, -s.year, s.id)):
        title, url = _source(s)
        group = kb.target_groups.get(s.target_group)
        rows.append({
            "Id": s.id, "Indsats": s.intervention,
            "Målgruppe": group.name if group else s.target_group,
            "Udfald": s.outcome, "Effekt": s.effect_estimate,
            "Evidensniveau": EVIDENCE_LABELS.get(s.evidence_level, str(s.evidence_level)),
            "Design": s.design, "Land": s.country, "År": s.year,
            "Succesrate med indsats": s.success_rate_intervention,
            "Succesrate uden indsats": s.success_rate_baseline,
            "Status": _status(s), "Kilde": title, "Link": url,
        })
    return _filter(rows, query)


# --- prices --------------------------------------------------------------------------------------

def item_choices(data: dict, kb: Any) -> dict[str, str]:
    """{item id: 'Name (id)'} of every item that has a price (inline or in the knowledge base)."""
    names: dict[str, str] = {}
    if kb is not None:
        names.update({p.id: p.name for p in kb.prices.values()})
    for item, price in (data.get("prices") or {}).items():
        names[item] = price.get("name") or names.get(item, item)
    return {i: f"{n} ({i})" for i, n in sorted(names.items(), key=lambda kv: kv[1].lower())}


def kb_price_rows(kb: Any, query: str = "") -> list[dict]:
    if kb is None:
        return []
    rows = []
    for p in sorted(kb.prices.values(), key=lambda p: (p.area, p.name)):
        title, url = _source(p)
        rows.append({
            "Id": p.id, "Post": p.name, "Område": area_name(kb, p.area), "Enhed": p.unit,
            "Art": KIND_LABELS.get(p.kind, p.kind), "Prisår": p.price_year,
            "Kommune": p.kommune, "Region": p.region, "Stat": p.stat,
            "Status": _status(p), "Udledning": p.derivation or "", "Kilde": title, "Link": url,
        })
    return _filter(rows, query)


def price_rows(data: dict, kb: Any) -> list[dict]:
    """The price of every consequence item the calculation uses: inline (local) or from the KB.

    Rows carry what a local override needs (name, unit, kind, price year, amounts) and where the
    price comes from, so a table can be edited and turned back into inline prices.
    """
    consequences, _ = effective_consequences(data, kb)
    inline = data.get("prices") or {}
    rows = []
    for item in dict.fromkeys(c["item"] for c in consequences):
        own = inline.get(item)
        rec = kb.prices.get(item) if kb is not None else None
        row = {"Id": item, "Post": item, "Enhed": "", "Art": "", "Prisår": None, "Kommune": None,
               "Region": None, "Stat": None, "Status": "Mangler pris", "Kilde": "", "Link": "",
               "Oprindelse": "Ingen pris", "Vidensbasens pris": ""}
        if rec is not None:
            title, url = _source(rec)
            row.update({"Post": rec.name, "Enhed": rec.unit, "Art": KIND_LABELS[rec.kind],
                        "Prisår": rec.price_year, "Kommune": rec.kommune, "Region": rec.region,
                        "Stat": rec.stat, "Status": _status(rec), "Kilde": title, "Link": url,
                        "Oprindelse": "Vidensbasen",
                        "Vidensbasens pris": f"{fmt.kr(rec.kommune + rec.region + rec.stat, 2)} "
                                             f"pr. {rec.unit} ({rec.price_year})"})
        if own is not None:
            source = own.get("source") or {}
            row.update({"Post": own.get("name") or row["Post"],
                        "Enhed": own.get("unit") or row["Enhed"],
                        "Art": KIND_LABELS.get(own["kind"], own["kind"]),
                        "Prisår": own.get("price_year") or data["settings"]["price_year"],
                        "Kommune": own.get("kommune", 0.0), "Region": own.get("region", 0.0),
                        "Stat": own.get("stat", 0.0), "Status": "Lokal værdi",
                        "Kilde": source.get("title", ""), "Link": source.get("url", ""),
                        "Oprindelse": "Beregningen (lokal)"})
        rows.append(row)
    return rows


def local_prices_with_kb_default(data: dict, kb: Any) -> list[str]:
    """Items whose inline (local) price overrides a price the knowledge base also has."""
    if kb is None:
        return []
    return sorted(i for i in (data.get("prices") or {}) if i in kb.prices)


def record_name(kb: Any, record_id: str) -> str:
    """A record's Danish name (for lists such as 'illustrative values used'), else its id."""
    finder = getattr(kb, "record", None)
    rec = finder(record_id) if finder else None
    name = getattr(rec, "name", None)
    group = getattr(rec, "target_group", None)
    if not name and isinstance(group, str) and kb is not None and group in kb.target_groups:
        name = f"Standardprofil for {kb.target_groups[group].name}"
    return f"{name} ({record_id})" if name else record_id
