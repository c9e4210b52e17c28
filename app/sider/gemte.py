"""Gemte beregninger: the calculation library (som.store) in the browser.

List and search saved calculations, open one as the current calculation, save the current one
with author and tags, show a calculation's history and the difference between two versions,
and follow it up (realised figures, forecast vs realised). No arithmetic here: every figure
comes from som.store / som.calculate and is only formatted (som.fmt) and drawn.
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app import state
from som import fmt, numparse
from som.api import BUNDLED
from som.errors import InputError
from som.numparse import COUNT, MONEY
from som.store import Library, diff_versions, followup_for, save_calculation
from som.store.text import FIGURE_LABELS

OPENED = "gemte_opened_id"  # the library ID of the calculation last opened or saved here
NEW = "Ny beregning"
OPEN_MESSAGE = "_gemte_open_message"


def _figure(key: str, value) -> str:
    return fmt.year(value) if key == "break_even_year" else fmt.kr(value)


def _change(key: str, delta) -> str:
    if delta is None:
        return "–"
    return f"{delta:+d} år" if key == "break_even_year" else fmt.kr(delta)


def saved_at(info) -> str:
    """When a version was saved, in Danish local time (the store keeps UTC)."""
    return fmt.local_time(info.saved_at)


def _table(rows: list[dict]) -> None:
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def render_save(lib: Library) -> None:
    """Save the current calculation as a new calculation or a new version of the opened one."""
    calc = state.current_calculation()
    if calc is None:
        return
    opened = st.session_state.get(OPENED)
    with st.form("gemte_save_form"):
        st.markdown(f"**{calc.meta.title}**")
        author = st.text_input("Gemt af", value=calc.meta.author, key="gemte_author")
        tags = st.text_input("Tags (adskilt med komma; tomt: behold de hidtidige)", key="gemte_tags")
        note = st.text_input("Note til versionen", key="gemte_note")
        choices = [NEW] + ([f"Ny version af beregning {opened}"] if opened else [])
        # keyed by the opened ID, so opening another calculation makes "new version" the default
        target = st.radio("Gem som", choices, index=len(choices) - 1, key=f"gemte_target_{opened}")
        if not st.form_submit_button("Gem", key="gemte_save"):
            return
    tag_list = [t.strip() for t in tags.split(",") if t.strip()]
    try:
        info = save_calculation(lib, calc, author=author, tags=tag_list or None, note=note,
                                calculation_id=None if target == NEW else opened, kb=BUNDLED)
    except InputError as exc:
        state.show_errors(exc, "Beregningen blev ikke gemt:")
        return
    st.session_state[OPENED] = info.calculation_id
    state.mark_saved()
    st.success(f"Gemt som beregning {info.calculation_id}, version {info.version} "
               f"(nettoresultat {fmt.kr(info.net)}).")


def render_list(lib: Library) -> int | None:
    """The search box and the table of latest versions; returns the chosen calculation's ID."""
    query = st.text_input("Søg i titel, organisation, målgruppe og tags", key="gemte_search")
    infos = lib.search(query)
    if not infos:
        st.info("Ingen gemte beregninger fundet." if query else "Biblioteket er tomt endnu.")
        return None
    _table([{"ID": i.calculation_id, "Titel": i.title, "Organisation": i.organisation,
             "Målgruppe": i.target_group, "Tags": ", ".join(i.tags), "Versioner": i.n_versions,
             "Senest gemt": saved_at(i), "Nettoresultat": fmt.kr(i.net),
             "Tilbagebetalingsår": fmt.year(i.break_even_year)} for i in infos])
    by_id = {i.calculation_id: i for i in infos}
    ids = list(by_id)
    opened = st.session_state.get(OPENED)
    return st.selectbox("Vælg beregning", ids, index=ids.index(opened) if opened in by_id else 0,
                        key="gemte_chosen", format_func=lambda i: f"{i} · {by_id[i].title}")


def render_history(lib: Library, chosen: int) -> None:
    history = lib.history(chosen)
    _table([{"Version": v.version, "Gemt": saved_at(v), "Af": v.author, "Note": v.note,
             "Tags": ", ".join(v.tags), "Vidensbase": (v.kb_fingerprint or "ingen")[:12],
             "Input": v.input_hash[:12], "Nettoresultat": fmt.kr(v.net),
             "Nutidsværdi": fmt.kr(v.net_present_value),
             "Tilbagebetalingsår": fmt.year(v.break_even_year)} for v in history])
    version = st.selectbox("Version", [v.version for v in reversed(history)], key="gemte_version")
    st.button("Åbn som aktuel beregning", key="gemte_open", type="primary", on_click=_open,
              args=(lib.path, chosen, version))
    if st.session_state.get(OPEN_MESSAGE):
        st.success(st.session_state.pop(OPEN_MESSAGE))


def _open(path, chosen: int, version: int) -> None:
    """In the button's callback, so the sidebar and every page show the opened calculation."""
    with Library(path) as lib:
        stored = lib.get(chosen, version)
    st.session_state[OPENED] = chosen
    if state.set_calculation(stored.calculation, f"{stored.info.title} (version {stored.info.ref})"):
        st.session_state[OPEN_MESSAGE] = f"Version {stored.info.ref} er nu den aktuelle beregning."


def render_diff(lib: Library, chosen: int) -> None:
    versions = [v.version for v in lib.history(chosen)]
    if len(versions) < 2:
        st.info("Beregningen har kun én version.")
        return
    left, right = st.columns(2)
    v1 = left.selectbox("Fra version", versions, index=len(versions) - 2, key="gemte_v1")
    v2 = right.selectbox("Til version", versions, index=len(versions) - 1, key="gemte_v2")
    d = diff_versions(lib, chosen, v1, v2)
    _table([{"Nøgletal": FIGURE_LABELS[f.key], "Før": _figure(f.key, f.before),
             "Efter": _figure(f.key, f.after), "Ændring": _change(f.key, f.delta)}
            for f in d.figures])
    if d.changes:
        _table([{"Nøgle": c.path, "Før": "–" if c.before is None else str(c.before),
                 "Efter": "–" if c.after is None else str(c.after), "Ændring": c.kind}
                for c in d.changes])
    else:
        st.info("Ingen forskel i selve beregningen.")
    if not d.same_knowledge_base:
        st.warning("Versionerne er gemt med forskellige vidensbaser; nøgletallene flytter sig "
                   "også af den grund.")


def _followup_form(lib: Library, chosen: int) -> None:
    s = lib.get(chosen).calculation.settings
    with st.form("gemte_followup_form"):
        st.markdown("Registrér realiserede tal for ét år (tomme felter registreres ikke).")
        year = st.selectbox("År", list(range(s.start_year, s.start_year + s.horizon_years)),
                            key="gemte_fu_year")
        a, b, c = st.columns(3)
        fields = {"participants": (a, "Deltagere der startede", COUNT),
                  "successes": (b, "Succeser blandt årets startere", COUNT),
                  "costs": (c, "Årets omkostninger (kr., beregningens prisniveau)", MONEY)}
        texts = {name: col.text_input(label, key=f"gemte_fu_{name}", placeholder="tomt: ikke målt")
                 for name, (col, label, _) in fields.items()}
        if not st.form_submit_button("Registrér", key="gemte_fu_save"):
            return
    readings = {name: numparse.read(texts[name], kind, required=False)
                for name, (_, _, kind) in fields.items()}
    refused = [f"**{fields[name][1]}**: {r.error}" for name, r in readings.items() if not r.ok]
    if refused:
        st.error("Opfølgningen blev ikke registreret:\n\n" + "\n".join(f"- {r}" for r in refused))
        return
    participants, successes, costs = (readings[n].value for n in fields)
    try:
        lib.add_followup(chosen, year, participants=participants, successes=successes,
                         costs=costs)
    except InputError as exc:
        state.show_errors(exc, "Opfølgningen blev ikke registreret:")
    else:
        st.success(f"Opfølgning for {year} registreret.")


def _followup_chart(rows: list[dict]) -> go.Figure:
    years = [r["year"] for r in rows]
    fig = go.Figure()
    fig.add_scatter(x=years, y=[r["cumulative_forecast"] for r in rows], name="Forventet",
                    mode="lines+markers", line={"dash": "dash"})
    fig.add_scatter(x=years, y=[r["cumulative_realised"] for r in rows],
                    name="Realiseret grundlag", mode="lines+markers")
    recorded = [r for r in rows if r["recorded"]]
    fig.add_scatter(x=[r["year"] for r in recorded], y=[r["cumulative_realised"] for r in recorded],
                    name="År med registrerede tal", mode="markers",
                    marker={"size": 12, "symbol": "circle-open"})
    fig.add_hline(y=0, line_color="#888", line_width=1)
    fig.update_layout(title="Akkumuleret nettoresultat: forventet og realiseret", separators=",.",
                      yaxis_title="kr.", height=380, xaxis={"dtick": 1, "tickformat": "d"},
                      yaxis={"tickformat": ",.0f"}, legend={"orientation": "h", "y": -0.15})
    return fig


def render_followup(lib: Library, chosen: int) -> None:
    _followup_form(lib, chosen)
    if not lib.followups(chosen):
        st.info("Ingen realiserede tal registreret endnu.")
        return
    try:
        report = followup_for(lib, chosen)
    except InputError as exc:
        state.show_errors(exc, "Opfølgningen kan ikke beregnes:")
        return
    forecast, realised = report.forecast.totals, report.realised["totals"]
    st.markdown("**På realiseret grundlag** (ændring i forhold til det forventede)")
    for col, key in zip(st.columns(3), ("net", "net_present_value", "break_even_year"),
                        strict=True):
        delta = (None if realised[key] is None or forecast[key] is None
                 else realised[key] - forecast[key])
        col.metric(FIGURE_LABELS[key], _figure(key, realised[key]),
                   delta=None if not delta else _change(key, delta),
                   delta_color="off" if key == "break_even_year" else "normal",
                   help=f"Forventet: {_figure(key, forecast[key])}", border=True)
    st.plotly_chart(_followup_chart(report.rows), key="gemte_fu_chart")
    _table([{"År": r["year"], "Registreret": "ja" if r["recorded"] else "",
             "Deltagere (forv.)": fmt.number(r["participants_forecast"], 1),
             "Deltagere (real.)": fmt.number(r["participants_realised"], 1),
             "Succeser (forv.)": fmt.number(r["successes_forecast"], 1),
             "Succeser (real.)": fmt.number(r["successes_realised"], 1),
             "Omkostninger (forv.)": fmt.kr(r["costs_forecast"]),
             "Omkostninger (real.)": fmt.kr(r["costs_realised"]),
             "Netto (forv.)": fmt.kr(r["net_forecast"]),
             "Netto (real. grundlag)": fmt.kr(r["net_realised"])} for r in report.rows])
    for note in report.notes:
        st.caption(note)


st.title("Gemte beregninger")
try:
    library = Library()
except InputError as exc:
    state.show_errors(exc, "Biblioteket kan ikke åbnes:")
    st.stop()
try:
    st.caption("Beregningerne gemmes i appens fælles bibliotek, som alle, der bruger appen her, "
               "kan åbne. Intet overskrives: en ændret beregning gemmes som en ny version.")
    with st.expander("Gem den aktuelle beregning"):
        render_save(library)
    chosen_id = render_list(library)
    if chosen_id is not None:
        tabs = st.tabs(["Historik", "Forskel mellem versioner", "Opfølgning"])
        with tabs[0]:
            render_history(library, chosen_id)
        with tabs[1]:
            render_diff(library, chosen_id)
        with tabs[2]:
            render_followup(library, chosen_id)
finally:
    library.close()
