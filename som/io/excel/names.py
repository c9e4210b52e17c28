"""The workbook's vocabulary: defined names for the pieces every formula is built from.

A named formula (`_C_KOMMUNE`, `_W_KOMMUNE`, ...) is an array over the rows of one table, so a
formula on Beregning or Kontrol reads like the spec (`SUM(IF(_C_KOMMUNE<>0, _C_KOMMUNE * ...`)
and sees every row between a table's header and its closing row, inserted rows included. Names
that start with '_' are the workbook's own helpers; IN_*, TBL_*, KB_* and the result names are
the stable ones listed in docs/excel.md.

Text is compared as the importer compares it: LOWER(TRIM(x)) for the closed lists, EXACT for
ids (the engine's look-ups are exact); a blank is what the engine's default is.
"""

from __future__ import annotations

from som.io.excel import layout as L
from som.io.excel.geometry import Geometry, Table, num0, q

PAYER_SUFFIX = {"kommune": "KOMMUNE", "region": "REGION", "stat": "STAT"}


def factor(year: str) -> str:
    """× index[price year] / index[year] (spec §2.3); 1 for a blank year or the price year; 0
    for a year missing from the index (the checks name it when the engine would refuse)."""
    return (f"IF(ISNUMBER({year}),IF({year}=_PY,1,IFERROR(_IX_PY/SUMIF(_IX_YEARS,{year},"
            "_IX_VALUES),0)),1)")


def lower(x: str) -> str:
    return f"LOWER(TRIM({x}))"


def define_helpers(wb, geo: Geometry) -> None:
    """Every helper name; `geo` holds the tables, Beregning's parameter cells are known."""
    names: dict[str, str] = {}
    idx = geo[L.TBL_INDEX]
    names["_IX_YEARS"] = idx.col(0)
    names["_IX_VALUES"] = idx.col(1)
    names["_IX_PY"] = "SUMIF(_IX_YEARS,_PY,_IX_VALUES)"

    for prefix, name in (("_C", L.TBL_COSTS), ("_S", L.TBL_SAVED)):
        t = geo[name]
        c = L.COST_COL
        names[f"{prefix}_ROWS"] = t.data
        names[f"{prefix}_TYPE"] = lower(t.col(c["type"]))
        names[f"{prefix}_PAYER"] = lower(t.col(c["payer"]))
        names[f"{prefix}_PP"] = f"({prefix}_TYPE={q(L.COST_TYPES['per_participant'])})"
        names[f"{prefix}_AMOUNT"] = num0(t.col(c["amount"]))
        names[f"{prefix}_FACTOR"] = factor(t.col(c["price_year"]))
        for payer in L.PAYERS:
            share = num0(t.col(c[f"share.{payer}"]))
            names[f"{prefix}_{PAYER_SUFFIX[payer]}"] = (
                f"IF({prefix}_ROWS,IF({prefix}_PAYER={q(L.SHARED)},{share},"
                f"IF({prefix}_PAYER={q(payer)},1,0))*{prefix}_FACTOR,0)")

    _price_names(names, "_P", geo[L.TBL_PRICES])
    _price_names(names, "_B", geo[L.KB_PRICES])
    cons = geo[L.TBL_CONSEQUENCES]
    origin = lower(cons.col(1))
    names["_K_ITEMS"] = cons.col(0)
    names["_K_ROWS"] = f"{cons.data}*({cons.col(0)}<>\"\")*({origin}<>{q(L.CONSEQUENCE_ORIGINS['kb'])})"
    _weights(names, "_K", "_W")
    prof = geo[L.KB_PROFILES]
    names["_F_ITEMS"] = prof.col(1)
    names["_F_ROWS"] = (f"{prof.data}*EXACT({prof.col(0)},IN_TARGET_GROUP)*(IN_TARGET_GROUP<>\"\")"
                        "*(SUM(_K_ROWS)=0)")
    _weights(names, "_F", "_WF")
    for name, formula in names.items():
        wb.define_name(name, "=" + formula)


def _price_names(names: dict[str, str], prefix: str, t: Table) -> None:
    c = L.PRICE_COL
    names[f"{prefix}_ROWS"] = t.data
    names[f"{prefix}_IDS"] = t.col(c["id"])
    sign = f"IF({lower(t.col(c['kind']))}={q(L.KINDS['expenditure'])},-1,1)"
    for payer in L.PAYERS:
        names[f"{prefix}SP_{PAYER_SUFFIX[payer]}"] = (
            f"IF({prefix}_ROWS,{sign}*{num0(t.col(c[payer]))}*{factor(t.col(c['price_year']))},0)")


def _weights(names: dict[str, str], rows: str, out: str) -> None:
    """Signed, price-adjusted price per payer of each row's item (rows × 1): the row on Priser
    with exactly that id, else the knowledge base's (spec §2.3, §2.5; som.build)."""
    names[f"{rows}_MATCH"] = f"--EXACT({rows}_ITEMS,TRANSPOSE(_P_IDS))*TRANSPOSE(_P_ROWS)"
    names[f"{rows}_FOUND"] = f"MMULT({rows}_MATCH,_P_ROWS)"
    names[f"{rows}_KB"] = f"--EXACT({rows}_ITEMS,TRANSPOSE(_B_IDS))*TRANSPOSE(_B_ROWS)"
    for suffix in PAYER_SUFFIX.values():
        names[f"{out}_{suffix}"] = (f"MMULT({rows}_MATCH,_PSP_{suffix})+({rows}_FOUND=0)*"
                                    f"MMULT({rows}_KB,_BSP_{suffix})")
