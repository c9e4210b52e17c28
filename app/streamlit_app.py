"""SØM in the browser: `make run` (streamlit run app/streamlit_app.py).

Pages live in app/sider/; add one by appending a line to PAGES (docs/app.md).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `from app import state` in the pages
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import figures, state, tables  # noqa: E402

# (file under app/, title, icon). The first page is the start page.
PAGES = [
    ("sider/beregning.py", "Beregning", ":material/calculate:"),
    ("sider/resultat.py", "Resultat", ":material/bar_chart:"),
    ("sider/vidensdatabase.py", "Vidensdatabase", ":material/menu_book:"),
    ("sider/import_eksport.py", "Import og eksport", ":material/import_export:"),
    ("sider/usikkerhed.py", "Usikkerhed", ":material/ssid_chart:"),
    ("sider/sammenlign.py", "Sammenlign", ":material/compare_arrows:"),
    ("sider/gemte.py", "Gemte beregninger", ":material/inventory_2:"),
    ("sider/tjekliste.py", "Tjekliste", ":material/checklist:"),
]

st.set_page_config(page_title="SØM – socialøkonomisk investeringsberegning", page_icon="📊",
                   layout="wide")
st.html(figures.LAYOUT_CSS)
state.init_session()
tables.sync()  # table edits into the data before anything is drawn (app/tables.py)
navigation = st.navigation([st.Page(path, title=title, icon=icon, default=n == 0)
                            for n, (path, title, icon) in enumerate(PAGES)])
with st.sidebar:
    st.caption("Aktuel beregning")
    st.markdown(f"**{(state.calc_data() or {}).get('meta', {}).get('title', '')}**")
    if state.unsaved():
        st.caption("Ændringer, der ikke er gemt")
    last = state.undo_label()
    st.button("Fortryd", on_click=state.undo, disabled=not last, icon=":material/undo:",
              key="undo", help="Tilbage til før den seneste ændring"
              + (f": {last}." if last else "."))
    if last:
        st.caption(f"Seneste ændring: {last if len(last) <= 45 else last[:44] + '…'}")
    kb = state.knowledge_base()
    st.caption(f"Vidensbase {kb.version}" if kb is not None else "Vidensbase: ikke tilgængelig")
state.render_pending()
navigation.run()
