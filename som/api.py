"""The public Python API: load a calculation, calculate it, with the knowledge base."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from som import __version__, bounds
from som.build import Built, build
from som.core.engine import compute
from som.core.summary import summarise
from som.errors import InputError, Problem
from som.io.files import load_calculation_file
from som.kbref import BUNDLED  # noqa: F401 - re-exported: som.api.BUNDLED
from som.notes import horizon_notes, index_notes
from som.result import Result, input_hash  # noqa: F401 - re-exported
from som.schema import Calculation


def load_calculation(path: str | Path) -> Calculation:
    """Read a calculation from YAML, JSON or an exported/template workbook (.xlsx)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from som.io.excel.importer import load_workbook_calculation

        return load_workbook_calculation(path)
    return load_calculation_file(path)


def _file_action(path: str | Path, action):
    """Load `path` and apply `action(calc)`; for a workbook, later problems name their cell too."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        try:
            return action(load_calculation_file(path))
        except InputError as exc:  # a problem found after loading names the file too
            exc.source = exc.source or str(path)
            raise
    from som.io.excel.importer import read_workbook

    calc, locate = read_workbook(path)
    try:
        return action(calc)
    except InputError as exc:
        raise InputError([Problem(locate(p.where), p.message) for p in exc.problems],
                         exc.source or str(path)) from None


def calculate_file(path: str | Path, kb=BUNDLED, overlays=(), base_dir=None) -> Result:
    """Load and calculate a file (YAML, JSON, xlsx); relative overlays from the file's folder."""
    folder = base_dir or Path(path).resolve().parent
    return _file_action(path, lambda calc: calculate(calc, kb, overlays, folder))


def check_file(path: str | Path, kb=BUNDLED, overlays=(), base_dir=None) -> Calculation:
    """Load and check a file without calculating (InputError naming keys, or cells for xlsx)."""
    folder = base_dir or Path(path).resolve().parent

    def action(calc: Calculation) -> Calculation:
        check(calc, kb, overlays, folder)
        return calc

    return _file_action(path, action)


@lru_cache(maxsize=8)
def _cached_kb(path: str | None, overlays: tuple[str, ...]):
    from som.kb import KBError, load_kb

    try:
        return load_kb(path, overlays=overlays)
    except KBError as exc:
        raise InputError([Problem(str(w), m) for w, m in exc.problems], "vidensbasen") from None


def load_knowledge_base(path: str | Path | None = None, overlays=()):
    """The knowledge base at `path` (None: bundled) with `overlays` layered on, cached."""
    return _cached_kb(str(path) if path else None, tuple(str(o) for o in overlays))


def knowledge_base_for(calc: Calculation, kb=BUNDLED, overlays=(), base_dir=None):
    """Resolve the `kb` argument of calculate():

    - BUNDLED: the shipped base; a str/Path: the base in that folder. Either gets the file's
      overlays (settings.kb_overlay, relative to `base_dir`) and then the caller's `overlays`.
    - None: no knowledge base (the file must carry every price itself).
    - anything else: an already loaded KnowledgeBase, used as it is.
    """
    if kb is None or not (kb is BUNDLED or isinstance(kb, str | Path)):
        return kb
    base = Path(base_dir) if base_dir else Path.cwd()
    file_overlays = [str((base / o).resolve()) for o in calc.settings.kb_overlay]
    path = None if kb is BUNDLED else kb
    return load_knowledge_base(path, overlays=tuple(file_overlays) + tuple(overlays))


def resolve_effect(calc: Calculation, kb) -> tuple[Calculation, dict | None]:
    """An `intervention.effect` block resolved to the two success rates (issue 14); scipy and
    som.effect are imported only when the file has one."""
    if calc.intervention.effect is None:
        return calc, None
    from som.effect.resolve import resolve_effect as resolve

    return resolve(calc, kb)


def check(calc: Calculation, kb=BUNDLED, overlays=(), base_dir=None) -> Built:
    """Every cross-field and knowledge-base check, without calculating (InputError if bad)."""
    base = knowledge_base_for(calc, kb, overlays, base_dir)
    calc, _ = resolve_effect(calc, base)
    built = build(calc, base)
    bounds.check_built(built)
    if calc.uncertainty is not None:
        from som.uncertainty.spec import check_uncertainty

        check_uncertainty(calc, built)
    return built


def calculate(calc: Calculation, kb=BUNDLED, overlays=(), base_dir=None) -> Result:
    """Calculate `calc` (spec §2). `kb=None` runs without a knowledge base."""
    base = knowledge_base_for(calc, kb, overlays, base_dir)
    given, (calc, effect) = calc, resolve_effect(calc, base)
    built = build(calc, base)
    bounds.check_built(built)  # before computing: every figure stays finite and exact to the øre
    core = built.core
    arrays = compute(core)
    summary = summarise(arrays, core.start_year, core.success_rate, core.budget_period,
                        core.areas.names)
    bounds.check_finite(summary)
    summary["notes"] = (horizon_notes(built, arrays) + index_notes(built)
                        + (effect["notes"] if effect else []))
    provenance = {
        "som_version": __version__,
        "kb_version": getattr(base, "version", None),
        "kb_fingerprint": getattr(base, "fingerprint", None),
        "input_hash": input_hash(given),
        "consequence_source": built.consequence_source,
        "records_used": built.records_used,
        "illustrative": built.illustrative,
        "budget_areas": built.budget_areas_source,
    }
    if effect is not None:
        provenance["effect"] = effect
        _use_study(provenance, effect.get("study"))
    return Result(calc, built, arrays, summary, provenance)


def _use_study(provenance: dict, study: dict | None) -> None:
    """The effect study joins the records used (and the illustrative list if it is one)."""
    if study is None:
        return
    provenance["records_used"] = [*provenance["records_used"], {
        "kind": "effect_study", "id": study["id"], "status": study["status"], "price_year": None,
        "source_url": study["source_url"], "origin": "base"}]
    if study["status"] == "illustrative":
        provenance["illustrative"] = [*provenance["illustrative"], study["id"]]
