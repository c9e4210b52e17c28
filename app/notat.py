"""The memo panel on the result page (issue 14): the checklist's empty topics and the memo as
Word or PDF. The memo itself is som.memo's; it is made only when a button is clicked."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from app import checklist

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_stem(title: str) -> str:
    """'MOVE – unge/voksne' -> 'notat_MOVE_unge_voksne'."""
    return "notat_" + (re.sub(r"[^\w-]+", "_", title).strip("_")[:60] or "beregning")


def render(result: Any, kb: Any) -> None:
    from som.memo import memo_bytes
    from som.memo.pdf import MISSING, soffice

    st.subheader("Notat til udvalget")
    checklist.render_missing(result.calculation)
    stem = file_stem(result.calculation.meta.title)
    left, right = st.columns(2)
    with left:
        st.download_button("Hent notat (Word)", data=lambda: memo_bytes(result, ".docx", kb=kb),
                           file_name=f"{stem}.docx", mime=DOCX_MIME, on_click="ignore",
                           icon=":material/description:", key="memo_docx")
    with right:
        if soffice() is None:
            st.caption(MISSING)
        else:
            st.download_button("Hent notat (PDF)", data=lambda: memo_bytes(result, ".pdf", kb=kb),
                               file_name=f"{stem}.pdf", mime="application/pdf",
                               on_click="ignore", icon=":material/picture_as_pdf:",
                               key="memo_pdf")
    st.caption("Notatet har svaret for kommunen og den offentlige sektor, nøgletal, graf, "
               "tjeklisten, evidens, følsomhed, kilder og sporbarhed; Word-udgaven kan redigeres.")
