"""Beregning, second half: net, cumulative net, discounting, break-even helpers, the budget
period (spec v2 §2.11) and the rows Forside's charts plot (see formulas.py)."""

from __future__ import annotations

import numpy as np

from som.io.excel import layout as L
from som.io.excel.formulas import FM_STEPS, NEGATIVE_TOLERANCE, Values, _total, _Writer
from som.io.excel.geometry import q


def write_results(w: _Writer, v: Values, y_, m_, steps=()) -> None:
    """§2.6-2.8: net, cumulative net, discount factors, present value, break-even helpers,
    the budget period (v2 §2.11) and what Forside's charts plot."""
    R = w.out.rows
    net = v.gains + v.saved - v.costs
    w.subtitle("Resultat")  # spec §2.6-2.8
    for p, payer in enumerate(L.PAYERS):
        w.add(f"net_{payer}", f"Netto – {payer}", lambda y, c, payer=payer: (
            f"={c}{R['gains_' + payer] + 1}+{c}{R['saved_' + payer] + 1}"
            f"-{c}{R['costs_' + payer] + 1}"), net[p])
    _total(w, "net", "Netto i alt", net)
    for key, title, values in [("cum", "Kumuleret netto i alt", net.sum(axis=0))] + [
            (f"cum_{p}", f"Kumuleret netto – {p}", net[n]) for n, p in enumerate(L.PAYERS)]:
        src = R["net"] if key == "cum" else R["net_" + key[4:]]
        row = w.row
        w.add(key, title, lambda y, c, src=src, row=row: (
            f"={c}{src + 1}" if y == 0 else f"={w.col(y - 1)}{row + 1}+{c}{src + 1}"),
            np.cumsum(values), total=False)
    schedule = _schedule(steps or FM_STEPS, y_)
    rate = w.add("rate", "Diskonteringsrente r_y", lambda y, c: (
        f"=IF(_FM=1,{schedule(c)},_DISCOUNT)"), v.rates, w.f.percent, total=False)
    discount = w.add("discount", "Diskonteringsfaktor D", lambda y, c: (
        "=1" if y == 0 else f"={w.col(y - 1)}{w.row + 1}/(1+{c}{rate + 1})"), v.discount,
        w.f.factor, total=False)
    w.add("npv", "Nutidsværdi af netto", lambda y, c: f"={c}{discount + 1}*{c}{R['net'] + 1}",
          v.discount * net.sum(axis=0), bold=True)
    w.subtitle("Budgetperiode: netto i de første år (se 'I budgetperioden')")
    period = f"{w.years(R['period'])}"
    bp = v.params["_BP"]
    for key, label, values in ([(f"bp_{p}", f"Netto i budgetperioden – {p}", net[n])
                                for n, p in enumerate(L.PAYERS)]
                               + [("bp", "Netto i budgetperioden i alt", net.sum(axis=0))]):
        src = R["net"] if key == "bp" else R["net_" + key[3:]]
        w.ws.write_string(w.row, 0, label, w.f.bold if key == "bp" else w.f.text)
        w.ws.write_formula(w.row, 1, f"=SUMPRODUCT({w.years(src)},{period})",
                           w.f.kr_bold if key == "bp" else w.f.kr, float(values[:bp].sum()))
        R[key] = w.row
        w.row += 1
    w.subtitle("Tilbagebetaling: sidste år y med negativ kumuleret netto (−1: intet)")
    for key in ("cum", *(f"cum_{p}" for p in L.PAYERS)):
        cum = R[key]
        values = np.cumsum(net.sum(axis=0) if key == "cum" else net[L.PAYERS.index(key[4:])])
        helper = np.where(values < -NEGATIVE_TOLERANCE, np.arange(w.n), -1)
        row = w.add("last_negative_" + key, "Sidst negativ – " + ("i alt" if key == "cum" else key[4:]),
                    lambda y, c, cum=cum: (f"=IF(AND({m_(c)},{c}{cum + 1}<-{NEGATIVE_TOLERANCE}),"
                                           f"{y_(c)},-1)"), helper, w.f.plain_year, total=False)
        w.ws.write_formula(row, 1, f"=MAX({w.years(row)})", w.f.plain_year, float(helper.max()))
    _chart_data(w, v, net, m_)


def _chart_data(w: _Writer, v: Values, net: np.ndarray, m_) -> None:
    """What Forside's charts plot: the figures while every check passes, else gaps (#N/A), and
    the charts' titles as formulas (period, price level and payback year follow the inputs)."""
    R = w.out.rows
    w.subtitle("Til diagrammerne på Forside (tomme, når en kontrol fejler)")
    for p, payer in enumerate(L.PAYERS):
        w.add(f"chart_{payer}", payer.capitalize(), lambda y, c, payer=payer: (
            f"=IF(AND({L.INPUT_OK},{m_(c)}),{c}{R['net_' + payer] + 1},NA())"), net[p], total=False)
    w.add("chart_cum", "Kumuleret netto", lambda y, c: (
        f"=IF(AND({L.INPUT_OK},{m_(c)}),{c}{R['cum'] + 1},NA())"), np.cumsum(net.sum(axis=0)),
        total=False)
    period = '_START&"–"&(_START+_H-1)'
    last = f"{L.ref(L.BEREGNING, R['last_negative_cum'], 1)}"
    payback = f'IF({last}=_H-1,"ingen inden for horisonten",_START+{last}+1)'
    h, start = v.params["_H"], v.params["_START"]
    titles = {
        "title_net": (f'="Nettoresultat pr. år og betaler, "&{period}&" (prisniveau "&_PY&")"',
                      f"Nettoresultat pr. år og betaler, {start}–{start + h - 1} (prisniveau "
                      f"{v.params['_PY']})"),
        "title_cum": (f'="Kumuleret nettoresultat – tilbagebetalingsår: "&{payback}',
                      "Kumuleret nettoresultat – tilbagebetalingsår: " + _payback_text(net, h, start)),
    }
    waiting = q(" – vises, når alle kontroller er i orden (se Kontrol)")
    for key, (formula, cached) in titles.items():
        name = "Nettoresultat pr. år og betaler" if key == "title_net" else "Kumuleret nettoresultat"
        formula = f"=IF({L.INPUT_OK},{formula[1:]},{q(name)}&{waiting})"
        w.ws.write_formula(w.row, 0, formula, w.f.out_text, cached)
        w.out.cached_titles[key] = cached
        R[key] = w.row
        w.row += 1


def _schedule(steps, y_):
    """r_y of a stepped schedule as nested IFs on the year index (spec §2.7)."""
    def formula(c: str) -> str:
        expr = str(steps[-1][2])
        for _first, last, rate in reversed(steps[:-1]):
            expr = f"IF({y_(c)}<={last},{rate},{expr})" if last is not None else str(rate)
        return expr

    return formula


def _payback_text(net: np.ndarray, h: int, start: int) -> str:
    cum = np.cumsum(net.sum(axis=0)[:h])
    negative = np.nonzero(cum < -NEGATIVE_TOLERANCE)[0]
    last = int(negative.max()) if negative.size else -1
    return "ingen inden for horisonten" if last == h - 1 else str(start + last + 1)
