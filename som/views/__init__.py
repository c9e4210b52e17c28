"""Presentation-neutral views of calculations, results and the knowledge base.

Front ends (the Streamlit app, notebooks, reports) gather input, call som and draw; everything
in between that needs a knowledge-base lookup, a derived table, a Danish label or a conversion
between an editable table and the calculation's data lives here, without any UI library, so it
can be tested on its own and reused by another front end.

    >>> from som import views
    >>> views.describe_where("intervention.success_rate")
    'Indsats, succesrate (netto) (intervention.success_rate)'
"""

from som.views.editing import (
    consequence_rows,
    consequences_from_rows,
    cost_lines_from_rows,
    cost_rows,
    prices_from_rows,
)
from som.views.files import (
    EXCEL_EXPORT_MISSING,
    EXCEL_IMPORT_MISSING,
    calculation_from_upload,
    excel_export_available,
    excel_import_available,
    workbook_bytes,
)
from som.views.knowledge import (
    KB_MISSING,
    KBStatus,
    default_profile,
    effect_rows,
    effective_consequences,
    item_choices,
    kb_price_rows,
    load_knowledge_base_status,
    local_prices_with_kb_default,
    price_rows,
    profile_rows,
    target_group_choices,
    target_group_details,
    target_group_rows,
)
from som.views.labels import describe_where, field_label
from som.views.messages import kb_names, problem_text
from som.views.results import (
    Figure,
    area_gains,
    budget_figures,
    formatted,
    has_flows,
    illustrative_used,
    item_rows,
    key_figures,
    payback_assumption,
    payback_text,
    payer_figures,
    payer_rows,
    provenance_line,
    provenance_rows,
    sign_sentence,
    year_rows,
)

__all__ = [
    "EXCEL_EXPORT_MISSING",
    "EXCEL_IMPORT_MISSING",
    "KB_MISSING",
    "Figure",
    "KBStatus",
    "area_gains",
    "budget_figures",
    "calculation_from_upload",
    "consequence_rows",
    "consequences_from_rows",
    "cost_lines_from_rows",
    "cost_rows",
    "default_profile",
    "describe_where",
    "field_label",
    "effect_rows",
    "effective_consequences",
    "excel_export_available",
    "excel_import_available",
    "formatted",
    "has_flows",
    "illustrative_used",
    "item_choices",
    "item_rows",
    "kb_names",
    "kb_price_rows",
    "key_figures",
    "load_knowledge_base_status",
    "local_prices_with_kb_default",
    "payback_assumption",
    "payback_text",
    "payer_figures",
    "payer_rows",
    "price_rows",
    "problem_text",
    "prices_from_rows",
    "profile_rows",
    "provenance_line",
    "provenance_rows",
    "sign_sentence",
    "target_group_choices",
    "target_group_details",
    "target_group_rows",
    "workbook_bytes",
    "year_rows",
]
