"""The plotly figures show the result's own series (no arithmetic in app/) and sane axes."""

import pytest
from apphelp import EXAMPLE

import som
from som import views


@pytest.fixture(scope="module")
def result():
    return som.calculate(som.load_calculation(EXAMPLE), kb=None)


def test_net_by_payer_bars_are_the_by_year_figures(result):
    from app import figures

    fig = figures.net_by_payer_chart(result)
    by_name = {trace.name: list(trace.y) for trace in fig.data}
    for payer, label in (("kommune", "Kommune"), ("region", "Region"), ("stat", "Stat")):
        assert by_name[label] == [row[payer] for row in result.by_year]
    assert list(fig.layout.xaxis.range) == [2024.5, 2034.5]  # the horizon, no more
    assert fig.layout.separators == ",."  # Danish: 1.234.567


def test_cumulative_chart_marks_the_payback_year(result):
    from app import figures

    fig = figures.cumulative_chart(result)
    assert list(fig.data[0].y) == [row["cumulative_net"] for row in result.by_year]
    assert fig.data[0].y[-1] == pytest.approx(9_387_500)  # spec §4
    marks = [a.text for a in fig.layout.annotations]
    assert marks == ["Tilbagebetalingsår 2026"]


def test_area_chart_money_axis_has_no_year_ticks(result):
    """dtick=1 on a money axis made the browser draw millions of ticks (40 s freeze)."""
    from app import figures

    fig = figures.area_chart(result, None)
    assert fig.layout.xaxis.dtick is None and fig.layout.xaxis.range is None
    total = sum(sum(trace.x) for trace in fig.data)
    assert total == pytest.approx(sum(r["I alt"] for r in views.area_gains(result)))
    assert total == pytest.approx(11_662_500)  # spec §4 gains
