"""SØM in the browser: `make run` (streamlit run app/streamlit_app.py).

Pages live in app/sider/; add one by appending a line to PAGES (docs/app.md).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `from app import state` in the pages
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import state  # noqa: E402

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
# Key figures must show in full ("-12.345.678 kr."), also in the narrow column beside the flow.
st.html("<style>[data-testid='stMetricValue'] {font-size: 1.6rem;}</style>")
state.init_session()
navigation = st.navigation([st.Page(path, title=title, icon=icon, default=n == 0)
                            for n, (path, title, icon) in enumerate(PAGES)])
with st.sidebar:
    st.caption("Aktuel beregning")
    st.markdown(f"**{(state.calc_data() or {}).get('meta', {}).get('title', '')}**")
    kb = state.knowledge_base()
    st.caption(f"Vidensbase {kb.version}" if kb is not None else "Vidensbase: ikke tilgængelig")
navigation.run()
