"""Import og eksport: upload a calculation (YAML, JSON, xlsx); download it and its result.

Uploading over unsaved work asks first (state.replace); a download counts as saving it."""

import streamlit as st

from app import ny, state
from som import views
from som.errors import InputError
from som.io.files import MAX_FILE_BYTES, dump_json, dump_yaml
from som.result import input_hash

UPLOAD_MB = MAX_FILE_BYTES // (1024 * 1024)

st.title("Import og eksport")

st.subheader("Indlæs en beregning")
types = ["yaml", "yml", "json"] + (["xlsx", "xlsm"] if views.excel_import_available() else [])
st.file_uploader(f"YAML, JSON{' eller Excel' if 'xlsx' in types else ''} (højst {UPLOAD_MB} MB)",
                 type=types, key="upload", max_upload_size=UPLOAD_MB, on_change=ny.upload,
                 args=("upload",))
if not views.excel_import_available():
    st.caption(views.EXCEL_IMPORT_MISSING)
ny.upload_outcome("upload")


def _load_example() -> None:
    state.replace(state.example_data(), "eksemplet (MOVE)")


st.button("Start forfra med eksemplet (MOVE)", on_click=_load_example)

WORKBOOK_KEY = "_workbook"


def _workbook(result) -> bytes | None:
    """The result's workbook, made when the page is drawn and kept per input (not a deferred
    callable: the click's own rerun dropped that before the browser fetched it, and nothing was
    downloaded; a file made here is kept by Streamlit across that rerun, like YAML and JSON)."""
    kb = state.knowledge_base()
    key = (input_hash(result.calculation), getattr(kb, "fingerprint", None))
    cached = st.session_state.get(WORKBOOK_KEY)
    if not cached or cached[0] != key:
        try:
            cached = (key, views.workbook_bytes(result, kb))
        except InputError as exc:
            state.show_errors(exc, "Excel-filen kan ikke laves:")
            return None
        st.session_state[WORKBOOK_KEY] = cached
    return cached[1]


st.subheader("Gem beregningen")
calc = state.current_calculation()
if calc is not None:
    stem = "".join(ch if ch.isalnum() else "_" for ch in calc.meta.title.lower()).strip("_")[:40]
    stem = stem or "beregning"
    left, middle, right = st.columns(3)
    with left:
        st.download_button("Hent som YAML", dump_yaml(calc), file_name=f"{stem}.yaml",
                           mime="application/yaml", icon=":material/download:",
                           on_click=state.mark_saved)
    with middle:
        st.download_button("Hent som JSON", dump_json(calc), file_name=f"{stem}.json",
                           mime="application/json", icon=":material/download:",
                           on_click=state.mark_saved)
    with right:
        if views.excel_export_available():
            result = state.current_result(show=False)
            workbook = _workbook(result) if result is not None else None
            if workbook is not None:
                st.download_button(
                    "Hent som Excel", workbook, file_name=f"{stem}.xlsx",
                    icon=":material/download:", on_click=state.mark_saved,
                    help="Beregningen og dens resultat som Excel-projektmappe.",
                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        else:
            st.caption(views.EXCEL_EXPORT_MISSING)
