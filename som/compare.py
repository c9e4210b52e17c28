"""Scenario comparison (issue 5): key figures of several calculations side by side.

A scenario is simulated when its file has an uncertainty block (`draws` overrides the block's
number of draws); one without ranges gets no probabilities rather than a misleading 100 % or 0 %.
Every scenario uses the same seed (the caller's, else the first file's `uncertainty.seed`, else
0), so sources in the same position (success rate, the global factors, then the lines in file
order) get the same uniforms: common random numbers, which make differences between scenarios
less noisy than independent runs would.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from som import fmt
from som.kbref import BUNDLED

if TYPE_CHECKING:  # imported where used: `import som` stays light (som/__init__.py)
    from som.schema import Calculation

COLUMNS = ("name", "title", "net", "net_present_value", "costs", "saved_costs", "gains",
           "break_even_year", "benefit_cost_ratio", "break_even_success_rate", "p_net_positive",
           "net_p5", "net_p50", "net_p95", "draws", "seed")
DANISH_HEADERS = ("Scenarie", "Titel", "Nettoresultat (kr.)", "Nutidsværdi (kr.)",
                  "Omkostninger (kr.)", "Sparede udgifter (kr.)", "Gevinster (kr.)",
                  "Tilbagebetalingsår", "Afkast pr. krone", "Kritisk succesrate (%)",
                  "P(netto > 0) (%)", "Netto, 5 %-fraktil (kr.)", "Netto, median (kr.)",
                  "Netto, 95 %-fraktil (kr.)", "Trækninger", "Frø")
MONEY_COLUMNS = (2, 3, 4, 5, 6, 11, 12, 13)
PERCENT_KEYS = ("break_even_success_rate", "p_net_positive")


def common_seed(calcs: Sequence[Calculation], seed: int | None = None) -> int:
    """One seed for all scenarios: the caller's, else the first file's block seed, else 0."""
    from som.uncertainty.analysis import DEFAULT_SEED

    if seed is not None:
        return seed
    return next((c.uncertainty.seed for c in calcs
                 if c.uncertainty is not None and c.uncertainty.seed is not None), DEFAULT_SEED)


def compare(calcs: Sequence[Calculation], names: Sequence[str] | None = None,
            draws: int | None = None, seed: int | None = None, kb=BUNDLED, overlays=(),
            base_dirs: Sequence[str | Path | None] | None = None) -> list[dict]:
    """One row of key figures per calculation (keys: COLUMNS; missing figures are None).

    Scenarios with an uncertainty block get P(net > 0) and percentiles from `draws` draws (default:
    the block's, else 10,000) with one common seed (see common_seed).
    """
    from som.api import calculate
    from som.uncertainty.analysis import analyse_result

    seed = common_seed(calcs, seed)
    names = list(names) if names is not None else [c.meta.title for c in calcs]
    base_dirs = list(base_dirs) if base_dirs is not None else [None] * len(calcs)
    rows = []
    for calc, name, base in zip(calcs, names, base_dirs, strict=True):
        result = calculate(calc, kb=kb, overlays=overlays, base_dir=base)
        t = result.totals
        row = dict.fromkeys(COLUMNS)
        row.update(name=name, title=calc.meta.title,
                   **{k: t[k] for k in ("net", "net_present_value", "costs", "saved_costs", "gains",
                                        "break_even_year", "benefit_cost_ratio",
                                        "break_even_success_rate")})
        if calc.uncertainty is not None:
            unc = analyse_result(result, draws, seed)["uncertainty"]
            row.update(p_net_positive=unc["p_net_positive"], net_p5=unc["net"]["p5"],
                       net_p50=unc["net"]["p50"], net_p95=unc["net"]["p95"], draws=unc["draws"],
                       seed=unc["seed"])
        rows.append(row)
    return rows


def _sheet_value(key: str, value):
    """Shares as percentages in the table files (their headers say '(%)')."""
    if key in PERCENT_KEYS and value is not None:
        return 100.0 * value
    return value


def write_comparison(rows: list[dict], out: Path) -> None:
    """cmp.xlsx (sheet "Sammenligning", Danish headers) or cmp.csv (English keys)."""
    from som.io.tables import write_csv_table, write_xlsx_table

    if out.suffix.lower() == ".xlsx":
        table = [[_sheet_value(c, r[c]) for c in COLUMNS] for r in rows]
        write_xlsx_table(out, "Sammenligning", DANISH_HEADERS, table, money_columns=MONEY_COLUMNS)
    else:
        write_csv_table(out, COLUMNS, [[r[c] for c in COLUMNS] for r in rows],
                        money_columns=MONEY_COLUMNS)


MEASURES = (
    ("Nettoresultat", lambda r: fmt.kr(r["net"])),
    ("Nutidsværdi", lambda r: fmt.kr(r["net_present_value"])),
    ("Omkostninger", lambda r: fmt.kr(r["costs"])),
    ("Sparede udgifter", lambda r: fmt.kr(r["saved_costs"])),
    ("Gevinster", lambda r: fmt.kr(r["gains"])),
    ("Tilbagebetalingsår", lambda r: fmt.year(r["break_even_year"])),
    ("Afkast pr. krone", lambda r: fmt.kr(r["benefit_cost_ratio"], 2)),
    ("Kritisk succesrate", lambda r: fmt.percent(r["break_even_success_rate"])),
    ("P(netto > 0)", lambda r: fmt.percent(r["p_net_positive"])),
    ("Netto, 5 %-fraktil", lambda r: fmt.kr(r["net_p5"])),
    ("Netto, median", lambda r: fmt.kr(r["net_p50"])),
    ("Netto, 95 %-fraktil", lambda r: fmt.kr(r["net_p95"])),
)


def comparison_table(rows: list[dict]) -> tuple[list[str], list[list[str]]]:
    """Header and body of the side-by-side table (Danish text; one column per scenario)."""
    header = [""] + [r["name"] for r in rows]
    return header, [[label] + [show(r) for r in rows] for label, show in MEASURES]


def comparison_xlsx_bytes(rows: list[dict]) -> bytes:
    """The xlsx of write_comparison as bytes (for a download button)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sammenligning.xlsx"
        write_comparison(rows, path)
        return path.read_bytes()


def comparison_text(rows: list[dict]) -> str:
    """A Danish side-by-side table: one column per scenario."""
    header, body = comparison_table(rows)
    out = ["Sammenligning af scenarier", fmt.text_table(header, body)]
    simulated = [r for r in rows if r["draws"] is not None]
    if simulated:
        draws = sorted({r["draws"] for r in simulated})
        shown = " / ".join(fmt.number(d) for d in draws)
        note = f"\nUsikkerhed: {shown} trækninger, frø {simulated[0]['seed']}"
        if len(simulated) > 1:
            note += ", samme tilfældige tal for alle scenarier"
        out.append(note + ".")
    if simulated and len(simulated) < len(rows):
        out.append("'–': scenariet har ingen usikkerhedsintervaller (uncertainty-blok).")
    return "\n".join(out)
