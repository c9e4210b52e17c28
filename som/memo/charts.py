"""Static charts for the memo (matplotlib, Agg backend, PNG bytes). Imported only by the memo."""

from __future__ import annotations

import io

from som import fmt

PAYER_COLOURS = {"kommune": "#1f5f8b", "region": "#8fb9d8", "stat": "#c9a227"}
PAYER_LABELS = {"kommune": "Kommune", "region": "Region", "stat": "Stat"}
CM = 1 / 2.54


def _figure(width_cm: float, height_cm: float):
    """A Figure of its own (no pyplot state), so memos can be drawn in parallel threads (the
    app's download button generates them off the page script)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_cm * CM, height_cm * CM))
    ax = fig.subplots()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)
    return fig, ax


def _money_axis(ax, axis: str = "y") -> None:
    """Ticks in Danish, one unit per axis: all in '1,25 mio.' when the axis reaches a million
    (so 750.000 reads '0,75 mio.' beside it), else all in kroner ('250.000')."""
    from matplotlib.ticker import FuncFormatter

    which = ax.yaxis if axis == "y" else ax.xaxis

    def label(value, _pos):
        if max(abs(v) for v in which.get_view_interval()) >= 1e6:
            return f"{fmt.number(value / 1e6, 2).rstrip('0').rstrip(',')} mio."
        return fmt.number(value)

    which.set_major_formatter(FuncFormatter(label))


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=200, bbox_inches="tight")
    return buf.getvalue()


def net_by_payer_chart(by_year: list[dict]) -> bytes:
    """Grouped bars of each payer's net per year and the total as a line (spec §3 by_year)."""
    years = [r["year"] for r in by_year]
    payers = [p for p in PAYER_LABELS if any(r[p] != 0 for r in by_year)] or ["kommune"]
    width = 0.8 / len(payers)
    fig, ax = _figure(16.5, 6.2)
    for n, payer in enumerate(payers):
        ax.bar([y + (n - (len(payers) - 1) / 2) * width for y in years],
               [r[payer] for r in by_year], width, label=PAYER_LABELS[payer],
               color=PAYER_COLOURS[payer])
    ax.plot(years, [r["net"] for r in by_year], color="#333333", marker="o", markersize=3,
            linewidth=1.2, label="I alt")
    ax.axhline(0, color="#555555", linewidth=0.6)
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years])
    _money_axis(ax)
    ax.set_ylabel("kr. pr. år", fontsize=8)
    ax.legend(ncol=len(payers) + 1, frameon=False, loc="upper left", bbox_to_anchor=(0, 1.14),
              fontsize=8)
    return _png(fig)


def tornado_chart(rows: list[dict], central: float) -> bytes:
    """Horizontal bars from the net at each input's low to its high value, largest swing on top."""
    rows = rows[:10]
    fig, ax = _figure(16.5, 1.4 + 0.7 * len(rows))
    for n, r in enumerate(reversed(rows)):
        low, high = sorted((r["net_low"], r["net_high"]))
        ax.barh(n, high - low, left=low, color="#8fb9d8", height=0.6)
    ax.axvline(central, color="#333333", linewidth=1)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r["label"] for r in reversed(rows)])
    _money_axis(ax, "x")
    ax.set_xlabel("Nettoresultat, offentlig sektor (kr.); lodret streg: beregningens resultat",
                  fontsize=8)
    return _png(fig)
