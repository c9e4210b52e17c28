"""Danish plain-text views of the library for the command line (list, show, history, diff,
follow-up). Only formatting: every figure comes from the store or som.calculate."""

from __future__ import annotations

from som import fmt
from som.store.diff import VersionDiff
from som.store.followup import FollowupReport
from som.store.library import StoredVersion, VersionInfo

FIGURE_LABELS = {
    "net": "Nettoresultat",
    "net_present_value": "Nutidsværdi",
    "break_even_year": "Tilbagebetalingsår",
    "costs": "Omkostninger",
    "saved_costs": "Sparede udgifter",
    "gains": "Gevinster",
}


def _short(text: str | None, width: int = 40) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def saved_at(info: VersionInfo) -> str:
    """'2026-11-23T09:33:56Z' -> '23.11.2026 kl. 10:33' (Danish local time, as in the app)."""
    return fmt.local_time(info.saved_at)


def _figure(key: str, value) -> str:
    return fmt.year(value) if key == "break_even_year" else fmt.kr(value)


def list_text(infos: list[VersionInfo]) -> str:
    if not infos:
        return "Ingen gemte beregninger fundet."
    rows = [[str(i.calculation_id), _short(i.title), _short(i.organisation, 24),
             _short(i.target_group, 24), ", ".join(i.tags), str(i.n_versions), saved_at(i)[:10],
             fmt.kr(i.net)] for i in infos]
    return fmt.text_table(["ID", "Titel", "Organisation", "Målgruppe", "Tags", "Versioner", "Gemt",
                  "Nettoresultat"], rows, left=5)


def history_text(infos: list[VersionInfo]) -> str:
    rows = [[str(i.version), saved_at(i), _short(i.author, 24), _short(i.note, 30),
             (i.kb_fingerprint or "ingen")[:12], i.input_hash[:12], fmt.kr(i.net),
             fmt.year(i.break_even_year)] for i in infos]
    head = f"Beregning {infos[0].calculation_id}: {infos[-1].title}\n"
    return head + fmt.text_table(["Version", "Gemt", "Af", "Note", "Vidensbase", "Input", "Netto",
                         "Tilbagebetalingsår"], rows, left=6)


def show_text(stored: StoredVersion) -> str:
    i, t = stored.info, stored.result["totals"]
    lines = [
        f"{i.title}",
        f"Beregning {i.calculation_id}, version {i.version}",
        "",
        f"  Organisation      {i.organisation or '–'}",
        f"  Målgruppe         {i.target_group or '–'}",
        f"  SUSI-fase         {i.susi_phase or '–'}",
        f"  Tags              {', '.join(i.tags) or '–'}",
        f"  Gemt              {saved_at(i)} af {i.author}",
        f"  Note              {i.note or '–'}",
        f"  som-version       {i.som_version}",
        f"  Vidensbase        {i.kb_version or '–'} ({(i.kb_fingerprint or 'ingen')[:12]})",
        f"  Input-hash        {i.input_hash}",
        "",
        "Nøgletal (som gemt)",
    ]
    width = max(len(v) for v in FIGURE_LABELS.values())
    lines += [f"  {label.ljust(width)}  {_figure(key, t[key])}" for key, label in FIGURE_LABELS.items()]
    return "\n".join(lines)


def _value(value) -> str:
    """A leaf of the calculation data for the diff table, numbers in Danish form.

    >>> [_value(v) for v in (250000.0, 0.25, 1.5, None, "kommune")]
    ['250.000', '0,25', '1,5', '–', 'kommune']
    """
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return fmt.number(value, 4).rstrip("0")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return fmt.number(value, 0)
    return _short(value if isinstance(value, str) else repr(value), 50)


def diff_text(d: VersionDiff) -> str:
    out = [f"Beregning {d.a.calculation_id}: version {d.a.version} → {d.b.version}", ""]
    if d.changes:
        out.append(fmt.text_table(["Nøgle", "Før", "Efter", "Ændring"],
                         [[c.path, _value(c.before), _value(c.after), c.kind] for c in d.changes],
                         left=1))
    else:
        out.append("Ingen forskel i selve beregningen.")
    out += ["", "Nøgletal (som gemt)"]
    rows = []
    for f in d.figures:
        delta = f.delta
        change = ("–" if delta is None else
                  f"{delta:+d} år" if f.key == "break_even_year" and delta else
                  "0 år" if f.key == "break_even_year" else fmt.kr(delta))
        rows.append([FIGURE_LABELS[f.key], _figure(f.key, f.before), _figure(f.key, f.after),
                     change])
    out.append(fmt.text_table(["", "Før", "Efter", "Ændring"], rows))
    if not d.same_knowledge_base:
        out += ["", "Bemærk: versionerne er gemt med forskellige vidensbaser "
                    f"({(d.a.kb_fingerprint or 'ingen')[:12]} → {(d.b.kb_fingerprint or 'ingen')[:12]}); "
                    "nøgletallene flytter sig også af den grund."]
    return "\n".join(out)


def _maybe(value, money: bool = True) -> str:
    if value is None:
        return "–"
    if money:
        return fmt.kr(value)
    return fmt.number(value, 0 if float(value).is_integer() else 1)


def followup_text(report: FollowupReport, title: str) -> str:
    rows = [[str(r["year"]) + (" *" if r["recorded"] else ""),
             _maybe(r["participants_forecast"], False), _maybe(r["participants_realised"], False),
             _maybe(r["successes_forecast"], False), _maybe(r["successes_realised"], False),
             fmt.kr(r["costs_forecast"]), _maybe(r["costs_realised"]),
             fmt.kr(r["cumulative_forecast"]), fmt.kr(r["cumulative_realised"])]
            for r in report.rows]
    if not any(report.recorded.values()):
        return (f"Opfølgning: {title}\n\nIngen realiserede tal registreret endnu "
                "(som store followup add ...).")
    out = [f"Opfølgning: {title}", "",
           fmt.text_table(["År", "Deltagere (forv.)", "Deltagere (real.)", "Succeser (forv.)",
                  "Succeser (real.)", "Omk. (forv.)", "Omk. (real.)", "Akk. netto (forv.)",
                  "Akk. netto (real. grundlag)"], rows),
           "* år med registrerede tal", ""]
    f, r = report.forecast.totals, report.realised["totals"]
    rows = [[FIGURE_LABELS[k], _figure(k, f[k]), _figure(k, r[k])]
            for k in ("net", "net_present_value", "break_even_year", "costs", "gains")]
    out.append(fmt.text_table(["", "Forventet", "Realiseret grundlag"], rows))
    out += [""] + report.notes if report.notes else []
    return "\n".join(out)
