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
    "calibrated": "calibrated (an assumed shape scaled to reproduce a published per-person "
                  "figure; figure, quote and arithmetic given)",
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


def _by_status(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {s}" for s, n in counts.items())


def _summary(kb: KnowledgeBase) -> list[str]:
    c = kb.counts()
    share = c["price_items_published"] / c["price_items"] if c["price_items"] else 0.0
    by_status = {s: sum(p.status == s for p in kb.prices.values()) for s in STATUSES}
    status = kb.status_counts()
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
                    f"{c['price_items']} ({_by_status(by_status)}; "
                    f"{share:.0%} published or derived)",
                ],
                ["Consequence profiles",
                 f"{c['consequence_profiles']} (by weakest value: "
                 f"{_by_status(status['profiles_by_status'])})"],
                ["Profile values (item × year)", _by_status(status["profile_cells_by_status"])],
                ["Refusion rules", str(len(kb.refusion_rules))],
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
        "* Where refusion applies the record stores the gross amount and a `refusion` rule; the "
        "loader computes the kommune/stat split with the rule's period in force in the price "
        "year (see *Refusion rules*) and the derivation is shown with the price.",
        "* Monthly rates become weekly as ×12/52; yearly amounts become daily as ÷365. Benefits "
        "under the refusionstrappe are valued at the week-53+ step (20 % state refund), the "
        "representative step for SØM's long-term recipients.",
        "* Profiles give the change in use per successful citizen by year since success "
        "(year 0 = the year of success). A profile's status is the weakest of its items'.",
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


def _refusion(kb: KnowledgeBase) -> list[str]:
    out = ["## Refusion rules", "",
           "Prices with a `refusion` block are split into kommune and stat with the period in "
           "force in their price year (or the nearest known period, which the price's split then "
           "says).", ""]
    for rule in kb.records("refusion_rules"):
        rows = []
        for period in rule.periods:
            if period.bands is not None:
                shape = "; ".join(f"{b.share:.0%} over {_money(b.above)}" for b in period.bands)
            elif period.steps is not None:
                shape = "; ".join(f"{s.share:.0%} from week {s.from_week}" for s in period.steps)
            else:
                shape = f"{period.share:.0%}"
            level = f" ({period.level_year} level)" if period.level_year else ""
            rows.append([period.span(), shape + level, period.status, _link(period.source)])
        out += [f"### {_cell(rule.name)} (`{rule.id}`, {rule.kind}, {_cell(rule.law)})", "",
                *([_cell(rule.description), ""] if rule.description else []),
                *_table(["Years", "State share", "Status", "Source"], rows)]
    return out


def _cases(kb: KnowledgeBase) -> list[str]:
    from som.kb.cases import ROLES, cases_dir, load_cases

    cases, problems = load_cases(cases_dir(kb))
    if not cases and not problems:
        return []
    rows, skipped = [], []
    for case in cases:
        if case.calculation is None or case.published is None:
            skipped.append(f"* `{case.id}` – {_cell(case.title)}: {_cell(case.reason or '')}")
            continue
        ours = case.recorded_ours
        ratio = "–" if not ours or not case.published.value else f"{ours / case.published.value:.2f}"
        rows.append([f"`{case.id}`", _cell(case.title), ROLES[case.role],
                     "–" if ours is None else _money(round(ours)), _money(case.published.value),
                     ratio, f"[source]({case.published.url})"])
    return [
        "## Published SØM cases",
        "",
        "Inputs of published SØM calculations run with this base's defaults (`som kb cases`). "
        "`kalibreringsmål` cases are the figures a profile was scaled to and match by "
        "construction; `samme kilde` reuses a calibration's source; only `kontrol` cases are "
        "independent checks. Our figures are as recorded in the case files "
        "(`som kb cases --opdater`); a test fails when a case moves more than 10 % from them. "
        "Assumptions are listed in each file under `knowledge_base/cases/`.",
        "",
        *_table(["Case", "Title", "Role", "Ours (kr)", "Theirs (kr)", "Ratio", "Source"], rows),
        *[f"* `{c.id}`: {_cell(c.explanation)}" for c in cases if c.explanation],
        *([""] if any(c.explanation for c in cases) else []),
        *(["Not run (inputs or result not publicly visible):", "", *skipped, ""] if skipped
          else []),
        *[f"* Problem in `{w}`: {_cell(m)}" for w, m in problems],
    ]


def _gaps(kb: KnowledgeBase) -> list[str]:
    """Where the base rests on assumptions: every illustrative price and profile, listed."""
    prices = [f"`{p.id}`" for p in kb.records("prices") if p.status == "illustrative"]
    profiles = [f"`{p.id}`" for p in kb.records("profiles") if p.status == "illustrative"]
    return [
        "## Honest gaps",
        "",
        "These records rest on reasoned assumptions because no public Danish figure was found; "
        "each says why in its derivation or reasoning. A result that uses one lists it as "
        "illustrative.",
        "",
        f"* Illustrative prices ({len(prices)}): {', '.join(prices) or '–'}.",
        f"* Illustrative profiles ({len(profiles)}): {', '.join(profiles) or '–'}.",
        "",
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
            if p.refusion_derivation:
                notes.append(f"Split: {_cell(p.refusion_derivation)}")
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
    for c, status in zip(profile.consequences, profile.item_statuses(), strict=True):
        price = kb.prices[c.item]
        for label, vector in (("", c.delta_per_success), (" (during course, per starter)",
                                                          c.during_course)):
            if vector:
                cells = [f"{d:g}" for d in vector] + [""] * (years - len(vector))
                rows.append([f"`{c.item}`{label}", price.unit, status, *cells])
    header = ["Item", "Unit", "Status", *(f"Year {k}" for k in range(years))]
    cal = profile.calibration
    calibration = [] if cal is None else [
        f"Calibration: {_cell(cal.target)} = {_money(cal.value)} kr ({cal.price_year} prices; "
        f"payers {', '.join(cal.payers)}; years {cal.years[0]}–{cal.years[1]}"
        + (f"; mean of {cal.cohorts} cohorts" if cal.cohorts > 1 else "")
        + (f"; items {', '.join(cal.items)}" if cal.items else "")
        + f"). Quote: \"{_cell(cal.quote)}\" ([source]({cal.url})). {_cell(cal.arithmetic)}", ""]
    return [
        f"### {group.name} (`{profile.id}`)",
        "",
        *([f"*{_cell(profile.summary)}*", ""] if profile.summary else []),
        f"Status: {profile.status}. {_cell(profile.derivation or '')} {_cell(profile.reasoning)}",
        "",
        *calibration,
        *([f"Source: {_link(profile.source)}", ""] if profile.source else []),
        *_table(header, rows),
        *[f"* `{c.item}`: {_cell(c.note)}" for c in profile.consequences if c.note],
        *([""] if any(c.note for c in profile.consequences) else []),
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
                f"{_cell(s.country)} {s.year}" + ("" if s.nordic else " (not Nordic)"),
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
        [str(y), f"{e.value:g}", e.status + (", projection" if e.projection else ""),
         _cell(e.derivation or "")]
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
        *_refusion(kb),
        *_prices(kb),
        *_profiles(kb),
        *_cases(kb),
        *_studies(kb),
        *_gaps(kb),
        *_index_and_discount(kb),
    ]
    return "\n".join(lines).rstrip() + "\n"
