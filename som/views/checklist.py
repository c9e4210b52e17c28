"""The SØM checklist (the assumptions log, `assumptions:` in the file) for forms and the memo.

Topics are `som.schema.ASSUMPTION_TOPICS`; their Danish names and questions are the workbook's
(`som.io.excel.layout`), so the app, the workbook and the memo ask the same questions. The topic
"other" is optional: it is never reported as missing.

    >>> missing_topics({"assumptions": [{"topic": "costs", "text": "Alle med."}]})[:2]
    ['target_group', 'success_measure']
"""

from __future__ import annotations

from typing import Any

from som.io.excel.layout import TOPIC_QUESTIONS, TOPICS
from som.schema import ASSUMPTION_TOPICS

OPTIONAL_TOPICS = ("other",)


def _entries(calc: Any) -> list[dict]:
    """Assumption entries as plain dicts, from a Calculation or its plain data."""
    if isinstance(calc, dict):
        return list(calc.get("assumptions") or [])
    return [a.model_dump() for a in (calc.assumptions or [])]


def checklist_rows(calc: Any) -> list[dict]:
    """One row per topic in the checklist's order: topic, Danish name, question, the entries."""
    entries = _entries(calc)
    return [{"topic": t, "name": TOPICS[t], "question": TOPIC_QUESTIONS[t],
             "entries": [e for e in entries if e.get("topic") == t]} for t in ASSUMPTION_TOPICS]


def more_note(row: dict) -> str:
    """The note on a topic whose entries the form shows only the first of ('' when it has one or
    none): the others are kept as they are.

    >>> more_note({"entries": []}), more_note({"entries": [{}]})
    ('', '')
    >>> more_note({"entries": [{}, {}]})
    'Beregningen har 1 forudsætning mere om emnet; den bevares.'
    >>> more_note({"entries": [{}, {}, {}]})
    'Beregningen har 2 forudsætninger mere om emnet; de bevares.'
    """
    more = len(row["entries"]) - 1
    if more < 1:
        return ""
    if more == 1:
        return "Beregningen har 1 forudsætning mere om emnet; den bevares."
    return f"Beregningen har {more} forudsætninger mere om emnet; de bevares."


def missing_topics(calc: Any) -> list[str]:
    """Topics (ids) without a non-empty text, in the checklist's order; 'other' is optional."""
    filled = {e.get("topic") for e in _entries(calc) if str(e.get("text") or "").strip()}
    return [t for t in ASSUMPTION_TOPICS if t not in filled and t not in OPTIONAL_TOPICS]


def missing_sentence(calc: Any) -> str | None:
    """'3 af tjeklistens 7 emner er ikke udfyldt: Målgruppe, Dødvægt og Prisniveau.' or None."""
    missing = [TOPICS[t] for t in missing_topics(calc)]
    if not missing:
        return None
    total = len(ASSUMPTION_TOPICS) - len(OPTIONAL_TOPICS)
    names = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " og " + missing[-1]
    return f"{len(missing)} af tjeklistens {total} emner er ikke udfyldt: {names}."


def assumptions_from_form(texts: dict[str, str], sources: dict[str, str],
                          previous: list[dict] | None = None) -> list[dict] | None:
    """The `assumptions` list from a form with one text and one source per topic.

    Topics with an empty text are left out; entries the form does not show (a second entry for
    the same topic, from a file or workbook) are kept after the form's. None when empty.
    """
    out: list[dict] = []
    seen: set[str] = set()
    for topic in ASSUMPTION_TOPICS:
        text = (texts.get(topic) or "").strip()
        if text:
            entry = {"topic": topic, "text": text}
            source = (sources.get(topic) or "").strip()
            if source:
                entry["source"] = source
            out.append(entry)
    for entry in previous or []:
        topic = entry.get("topic")
        if topic in seen:
            out.append(entry)
        seen.add(topic)
    return out or None
