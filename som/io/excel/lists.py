"""The hidden sheet 'Lister': the knowledge base's ids, prices, default profiles and index.

Drop-downs (target groups, consequence items) list its ids, and the formulas look up what the
engine would look up in the knowledge base: the price of an item that has no row on Priser, and
the target group's default consequences when Konsekvenser has none of its own. Every table has
a header row and a closing blank row, like the input tables (`geometry.Table`).
"""

from __future__ import annotations

from som.io.excel import layout as L
from som.io.excel.geometry import Geometry, Table
from som.io.excel.sheets import Formats, InputData, put

PRICE_HEADERS = tuple(c.header for c in L.PRICE_COLUMNS if c.key not in ("origin", "status"))
PROFILE_COL0 = 2  # first year column of a profile row (after group and item)


def write_lists(wb, ws, f: Formats, data: InputData, geo: Geometry) -> None:
    kb = data.kb
    col = 0

    def table(name: str, headers: list[str], rows: list[list], ids_name: str | None = None,
              **extra) -> None:
        nonlocal col
        for n, h in enumerate(headers):
            ws.write_string(0, col + n, h, f.header)
        for r, values in enumerate(rows):
            for n, value in enumerate(values):
                put(ws, 1 + r, col + n, value)
        last = len(rows) + 1  # a closing blank row
        first = L.col_name(col)
        wb.define_name(name, f"='{L.LISTER}'!${first}$1:${L.col_name(col + len(headers) - 1)}"
                             f"${last + 1}")
        if ids_name:
            wb.define_name(ids_name, f"='{L.LISTER}'!${first}$2:${first}${max(last, 2)}")
        geo.tables[name] = Table(name, L.LISTER, 0, last, len(headers), **extra)
        col += len(headers) + 1

    table(L.KB_GROUPS, ["Målgruppe", "Navn"], [list(g) for g in kb.groups], L.KB_GROUP_IDS)
    table(L.KB_PRICES, list(PRICE_HEADERS), [p.cells() for p in kb.prices], L.KB_PRICE_IDS)
    n = max([L.MAX_YEARS, *(len(d) for _, _, d, _ in kb.profiles)])
    m = max([L.COURSE_YEARS_MIN, data.n_course_years, *(len(e) for *_, e in kb.profiles)])
    table(L.KB_PROFILES, ["Målgruppe", "Id", *(L.consequence_year_header(k) for k in range(n)),
                          *(L.course_year_header(k) for k in range(m))],
          [[g, item, *d, *([None] * (n - len(d))), *e] for g, item, d, e in kb.profiles],
          year_col0=PROFILE_COL0, n_years=n, course_col0=PROFILE_COL0 + n, n_course=m)
    table(L.KB_INDEX, ["År", "Indeks"], [list(pair) for pair in kb.index])
    table(L.KB_AREAS, ["Konsekvensområde"], [[a] for a in kb.areas], L.KB_AREA_IDS)
    table(L.KB_BUDGET_MAP, ["Konsekvensområde", "Udvalg"], [list(p) for p in kb.budget_map.items()])
    ws.hide()
