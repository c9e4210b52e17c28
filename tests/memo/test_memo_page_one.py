"""Page 1 as a committee reads it: an answer resting on illustrative values says so there, and
the chart's money axis speaks one unit."""

from __future__ import annotations

import datetime as dt

from memohelp import docx_blocks, example

import som
from som.io.files import calculation_from_data
from som.memo import memo_bytes
from som.uncertainty.analysis import analyse_result


def page_one(data: dict, kb=None):
    result = som.calculate(calculation_from_data(data, "test"), kb=kb)
    analysis = analyse_result(result, draws=200, seed=1)
    blocks = docx_blocks(memo_bytes(result, analysis=analysis, kb=kb, today=dt.date(2026, 12, 1)))
    first = [text for kind, text in blocks if isinstance(text, str)]
    return result, first[: first.index("Nøgletal")]


def test_an_answer_on_illustrative_values_warns_on_page_one():
    kb = som.load_knowledge_base()
    data = example("move.yaml")
    for key in ("consequences", "prices"):
        data.pop(key)
    data["settings"].pop("price_index", None)
    result, text = page_one(data | {"target_group": "stofmisbrug_18_25"}, kb)
    n = len(result.provenance["illustrative"])
    assert n > 0
    assert any(t.startswith(f"Obs: resultatet bygger på {n} illustrative værdi") for t in text)


def test_no_warning_without_illustrative_values():
    result, text = page_one(example("move.yaml"))
    assert not result.provenance.get("illustrative")
    assert not any("illustrative" in t for t in text)


def test_money_axis_speaks_one_unit():
    """The axis that reaches a million writes 750.000 as '0,75 mio.', never beside '1,25 mio.'."""
    import matplotlib

    matplotlib.use("Agg")
    from som.memo.charts import _figure, _money_axis

    fig, ax = _figure(16, 8)
    ax.plot([0, 1, 2], [-750_000, 250_000, 1_250_000])
    _money_axis(ax)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert labels and all(t.endswith(" mio.") for t in labels), labels
    assert "0,75 mio." in labels or "0,5 mio." in labels
    ax.set_ylim(-500_000, 750_000)
    fig.canvas.draw()
    small = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert small and not any("mio." in t for t in small), small


def test_an_undescribed_checklist_topic_shows_what_the_calculation_uses():
    """The checklist table never says only 'Ikke udfyldt' beside a dead weight the memo states in
    its evidence section: MOVE's file has 25 % net and prices in 2025."""
    from memohelp import table_after

    result = som.calculate(calculation_from_data(example("move.yaml"), "test"))
    analysis = analyse_result(result, draws=200, seed=1)
    blocks = docx_blocks(memo_bytes(result, analysis=analysis, today=dt.date(2026, 12, 1)))
    rows = {r[0]: r[1] for r in table_after(blocks, "Forudsætninger (SØM's tjekliste)")[1:]}
    assert rows["Succesmål"] == "Ikke udfyldt; beregningen bruger en nettosuccesrate på 25,0 %"
    assert rows["Prisniveau"] == "Ikke udfyldt; beregningen er i 2025-priser"
    assert rows["Målgruppe"] == "Ikke udfyldt"
