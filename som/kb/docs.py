"""Generate docs/kb.md, the human-readable reference of the knowledge base.

The output is deterministic (no timestamps): the same knowledge base gives the same bytes, so a
test can check that the committed reference is up to date with the data.
"""

from __future__ import annotations

from som.kb.model import KnowledgeBase
from som.kb.schema import STATUSES, UNITS, ConsequenceProfile, PriceRecord, Source

STATUS_TEXT = {
    "published": "published (figure as printed in the source)",
    "derived": "derived (computed from a published figure; derivation given)",
    "illustrative": "illustrative (a reasoned assumption; reasoning given)",
}


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _money(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def _link(source: Source | None) -> str:
    if source is None:
        return "–"
    title = _cell(source.title)
    return f"[{title}]({source.url})" if source.url else title


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _summary(kb: KnowledgeBase) -> list[str]:
    c = kb.counts()
    share = c["price_items_published"] / c["price_items"] if c["price_items"] else 0.0
    by_status = {s: sum(p.status == s for p in kb.prices.values()) for s in STATUSES}
    return [
        "## Summary",
        "",
        *_table(
            ["Kind", "Records"],
            [
                ["Consequence areas", str(c["consequence_areas"])],
                ["Target groups", str(c["target_groups"])],
                [
                    "Price items",
                    f"{c['price_items']} ({by_status['published']} published, "
                    f"{by_status['derived']} derived, {by_status['illustrative']} illustrative; "
                    f"{share:.0%} published or derived)",
                ],
                ["Consequence profiles", str(c["consequence_profiles"])],
                ["Effect studies", str(c["effect_studies"])],
                ["Price index years", f"{min(kb.price_index)}–{max(kb.price_index)}"],
            ],
        ),
    ]


def _conventions() -> list[str]:
    return [
        "## Conventions",
        "",
        f"* Units (closed list): {', '.join(f'`{u}`' for u in UNITS)}.",
        "* Status of every number: "
        + "; ".join(f"`{s}` = {STATUS_TEXT[s]}" for s in STATUSES)
        + ".",
        "* `kind: expenditure` — less use saves money; `kind: revenue` — more use gives income "
        "(tax). Amounts per payer are never negative; the sign comes from the kind.",
        "* Amounts are kr per unit at the record's `price_year`, split into kommune/region/stat "
        "after state refusion. The calculation moves them to its price level with the price "
        "index (nettoprisindeks).",
        "* Monthly rates become weekly as ×12/52; yearly amounts become daily as ÷365. Benefits "
        "under the refusionstrappe are split with the week-53+ step (20 % state refund), the "
        "representative step for SØM's long-term recipients.",
        "* Profiles give the change in use per successful citizen by year since success "
        "(year 0 = the year of success).",
        "",
    ]


def _areas(kb: KnowledgeBase) -> list[str]:
    rows = []
    committees = kb.budget_areas.areas
    for area in kb.records("areas"):
        n = sum(p.area == area.id for p in kb.prices.values())
        rows.append([f"`{area.id}`", _cell(area.name), str(n), _cell(committees.get(area.id, "–")),
                     _cell(area.description or "")])
    return [
        "## Consequence areas", "",
        f"Default committee (udvalg) map `{kb.budget_areas.id}` ({kb.budget_areas.status}): "
        f"{_cell(kb.budget_areas.derivation or kb.budget_areas.name)}", "",
        *_table(["Id", "Name", "Prices", "Committee (default)", "Covers"], rows),
    ]


def _target_groups(kb: KnowledgeBase) -> list[str]:
    rows = []
    for tg in kb.records("target_groups"):
        has_profile = "yes" if tg.id in kb.profiles else "–"
        rows.append(
            [
                f"`{tg.id}`",
                _cell(tg.name),
                _cell(tg.area),
                _cell(tg.age_band),
                _cell(tg.success_criterion),
                has_profile,
                _link(tg.source),
            ]
        )
    header = ["Id", "Name", "Area", "Age", "Success criterion", "Profile", "Source"]
    return ["## Target groups", "", *_table(header, rows)]


def _price_rows(prices: list[PriceRecord]) -> list[list[str]]:
    return [
        [
            f"`{p.id}`",
            _cell(p.name),
            p.unit,
            p.kind,
            str(p.price_year),
            _money(p.kommune),
            _money(p.region),
            _money(p.stat),
            p.status,
            _link(p.source),
        ]
        for p in prices
    ]


def _prices(kb: KnowledgeBase) -> list[str]:
    out = ["## Prices", ""]
    header = ["Id", "Name", "Unit", "Kind", "Year", "Kommune", "Region", "Stat", "Status", "Source"]
    for area in kb.records("areas"):
        prices = [p for p in kb.records("prices") if p.area == area.id]
        if not prices:
            continue
        out += [f"### {area.name} (`{area.id}`)", "", *_table(header, _price_rows(prices))]
        for p in prices:
            notes = []
            if p.derivation:
                label = "Derivation" if p.status == "derived" else "Reasoning"
                notes.append(f"{label}: {_cell(p.derivation)}")
            if p.refusion_note:
                notes.append(f"Refusion: {_cell(p.refusion_note)}")
            if p.description:
                notes.append(_cell(p.description))
            if p.origin != "base":
                notes.append(f"Origin: overlay `{p.origin}`")
            if notes:
                out.append(f"* `{p.id}` — " + " ".join(notes))
        out.append("")
    return out


def _profile(kb: KnowledgeBase, profile: ConsequenceProfile) -> list[str]:
    group = kb.target_groups[profile.target_group]
    years = max(len(v or []) for c in profile.consequences
                for v in (c.delta_per_success, c.during_course))
    rows = []
    for c in profile.consequences:
        price = kb.prices[c.item]
        for label, vector in (("", c.delta_per_success), (" (during course, per starter)",
                                                          c.during_course)):
            if vector:
                cells = [f"{d:g}" for d in vector] + [""] * (years - len(vector))
                rows.append([f"`{c.item}`{label}", price.unit, *cells])
    header = ["Item", "Unit", *(f"Year {k}" for k in range(years))]
    return [
        f"### {group.name} (`{profile.id}`)",
        "",
        f"Status: {profile.status}. {_cell(profile.reasoning)}",
        "",
        *([f"Source: {_link(profile.source)}", ""] if profile.source else []),
        *_table(header, rows),
    ]


def _profiles(kb: KnowledgeBase) -> list[str]:
    out = ["## Consequence profiles", ""]
    for tg_id in sorted(kb.profiles):
        out += _profile(kb, kb.profiles[tg_id])
    return out


def _studies(kb: KnowledgeBase) -> list[str]:
    rows = []
    for s in kb.records("effect_studies"):
        rates = "–"
        if s.success_rate_intervention is not None:
            rates = f"{s.success_rate_intervention:g}"
            if s.success_rate_baseline is not None:
                rates += f" vs {s.success_rate_baseline:g}"
        rows.append(
            [
                f"`{s.id}`",
                _cell(s.intervention),
                f"`{s.target_group}`",
                _cell(s.outcome),
                _cell(s.effect_estimate),
                str(s.evidence_level),
                _cell(s.design),
                f"{_cell(s.country)} {s.year}",
                rates,
                _link(s.source),
            ]
        )
    header = [
        "Id",
        "Intervention",
        "Target group",
        "Outcome",
        "Effect",
        "Level",
        "Design",
        "Country, year",
        "Success rate (intervention vs baseline)",
        "Source",
    ]
    notes = [f"* `{s.id}` — {_cell(s.note)}" for s in kb.records("effect_studies") if s.note]
    return [
        "## Effect studies",
        "",
        "Evidence levels: 1 = meta-analysis or randomised trial; 2 = quasi-experimental; "
        "3 = before-after without control.",
        "",
        *_table(header, rows),
        *notes,
        "",
    ]


def _index_and_discount(kb: KnowledgeBase) -> list[str]:
    series = kb.price_index_series
    rows = [
        [str(y), f"{e.value:g}", e.status, _cell(e.derivation or "")]
        for y, e in kb.price_index_entries.items()
    ]
    steps = [
        [
            str(s.first_year),
            "–" if s.last_year is None else str(s.last_year),
            f"{s.rate:.1%}",
            s.status,
            _cell(s.derivation or ""),
            _link(s.source),
        ]
        for s in kb.discount.steps
    ]
    return [
        f"## Price index ({series.series}, {series.base})",
        "",
        f"Source: {_link(series.source)}",
        "",
        *_table(["Year", "Index", "Status", "Derivation"], rows),
        f"## Discount schedule: {kb.discount.name} (`{kb.discount.id}`)",
        "",
        *_table(["From year", "To year", "Rate", "Status", "Note", "Source"], steps),
    ]


def render(kb: KnowledgeBase) -> str:
    """The whole reference document as Markdown text."""
    overlays = f" + overlays {', '.join(kb.overlays)}" if kb.overlays else ""
    lines = [
        "# Knowledge base reference",
        "",
        "Generated by `som kb docs` from `knowledge_base/`; do not edit by hand.",
        "",
        f"Version `{kb.version}`{overlays}; fingerprint `{kb.fingerprint}`.",
        "",
        *_summary(kb),
        *_conventions(),
        *_areas(kb),
        *_target_groups(kb),
        *_prices(kb),
        *_profiles(kb),
        *_studies(kb),
        *_index_and_discount(kb),
    ]
    return "\n".join(lines).rstrip() + "\n"
