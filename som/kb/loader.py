"""Read, validate and merge a knowledge base (base folder plus overlay folders).

Validation collects every problem before raising `KBError`, so a user fixing a file sees the
whole list at once (ParamTools' habit). Each problem names the file and the record key, e.g.
``("prices.yaml: kontanthjaelp_uge.unit", "ukendt enhed 'uger'; tilladt: ...")``; problems in an
overlay are prefixed with the overlay's folder name (``"lokal/prices.yaml: ..."``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from som.kb.files import (
    ALL_FILES,
    BUDGET_AREAS_FILE,
    DISCOUNT_FILE,
    INDEX_FILE,
    LIST_FILES,
    OPTIONAL_FILES,
    VERSION_FILE,
)
from som.kb.fingerprint import fingerprint_of
from som.kb.messages import format_loc, pydantic_problems
from som.kb.model import KBError, KnowledgeBase, Problem
from som.kb.refusion import apply_refusion
from som.kb.schema import BudgetAreaMap, DiscountSchedule, IndexEntry, PriceIndex, Record
from som.kb.yamlio import read_version, read_yaml

BASE = "base"
ENV_VAR = "SOM_KB"
LIST_FILES_BY_KIND = {kind: label for kind, label, _ in LIST_FILES.values()}


def bundled_path() -> Path:
    """The knowledge base shipped with the package: the repository's knowledge_base/ in a checkout
    or editable install, or the copy a wheel carries as som/_knowledge_base/."""
    checkout = Path(__file__).resolve().parents[2] / "knowledge_base"
    return checkout if checkout.is_dir() else Path(__file__).resolve().parents[1] / "_knowledge_base"


def default_path() -> Path:
    """$SOM_KB if set, else the bundled knowledge base."""
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env) if env else bundled_path()


@dataclass
class Layer:
    """One folder's validated content (the base or one overlay)."""

    name: str
    prefix: str  # "" for the base, "<overlay name>/" for overlays
    records: dict[str, dict[str, Record]] = field(default_factory=dict)  # kind -> id -> record
    where: dict[str, str] = field(default_factory=dict)  # id -> "prefix+file"
    index: PriceIndex | None = None
    discount: DiscountSchedule | None = None
    budget_areas: BudgetAreaMap | None = None
    version: str | None = None
    broken: set[str] = field(default_factory=set)  # kinds whose file could not be read at all
    seen: dict[str, set[str]] = field(default_factory=dict)  # kind -> every id in the file


def _read_list_file(layer: Layer, file: str, path: Path, problems: list[Problem]) -> None:
    kind, _, model = LIST_FILES[file]
    loc_file = f"{layer.prefix}{file}"
    data, err = read_yaml(path)
    if err or not isinstance(data, list | None):
        problems.append((loc_file, err or "filen skal være en liste af poster ('- id: ...')"))
        layer.broken.add(kind)
        return
    table = layer.records.setdefault(kind, {})
    for n, raw in enumerate(data or []):
        if not isinstance(raw, dict):
            problems.append((f"{loc_file}: [{n}]", "en post skal være en tabel (nøgle: værdi)"))
            continue
        rid = raw.get("id")
        key = rid if isinstance(rid, str) and rid else f"[{n}]"
        loc = f"{loc_file}: {key}"
        if isinstance(rid, str):  # known even if invalid: references to it are not errors too
            layer.seen.setdefault(kind, set()).add(rid)
        set_by_loader = [k for k in ("origin", "refusion_derivation") if k in raw]
        if set_by_loader:
            problems.append((f"{loc}.{set_by_loader[0]}",
                             f"'{set_by_loader[0]}' sættes af indlæseren og må ikke stå i filen"))
            continue
        try:
            record = model.model_validate({**raw, "origin": layer.name})
        except ValidationError as exc:
            problems.extend((f"{loc}.{k}" if k else loc, m)
                            for k, m in pydantic_problems(exc, model))
            continue
        if layer.prefix and getattr(record, "source", "n/a") is None:
            problems.append((f"{loc}.source", "poster i et overlay skal have deres egen kilde"))
            continue
        if record.id in layer.where:
            problems.append(
                (f"{loc}.id", f"id {record.id!r} findes allerede i {layer.where[record.id]}")
            )
            continue
        table[record.id] = record
        layer.where[record.id] = loc_file


def _read_index(layer: Layer, path: Path, problems: list[Problem]) -> None:
    loc_file = f"{layer.prefix}{INDEX_FILE}"
    data, err = read_yaml(path)
    if err:
        problems.append((loc_file, err))
        return
    if not isinstance(data, dict):
        problems.append((loc_file, "filen skal være en tabel med series, base, source og values"))
        return
    values = data.get("values")
    if isinstance(values, list):
        # An entry without its own source inherits the series' source; origin is the layer's.
        inherited = {"source": data["source"]} if isinstance(data.get("source"), dict) else {}
        values = [
            {**inherited, **v, "origin": layer.name} if isinstance(v, dict) else v for v in values
        ]
        data = {**data, "values": values}
    try:
        index = PriceIndex.model_validate(data)
    except ValidationError as exc:
        for k, m in pydantic_problems(exc):
            problems.append((f"{loc_file}: {_index_loc(k, data)}", m))
        return
    years = [e.year for e in index.values]
    for year in sorted({y for y in years if years.count(y) > 1}):
        problems.append((f"{loc_file}: {year}", f"året {year} står flere gange i indekset"))
    layer.index = index


def _index_loc(loc: str, data: dict) -> str:
    """'values[3].value' -> '2018.value' when entry 3 has a year, for readable messages."""
    if loc.startswith("values["):
        n = int(loc[7 : loc.index("]")])
        entry = data["values"][n] if n < len(data.get("values") or []) else None
        if isinstance(entry, dict) and isinstance(entry.get("year"), int):
            return f"{entry['year']}{loc[loc.index(']') + 1 :]}"
    return loc


def _read_discount(layer: Layer, path: Path, problems: list[Problem]) -> None:
    loc_file = f"{layer.prefix}{DISCOUNT_FILE}"
    data, err = read_yaml(path)
    if err:
        problems.append((loc_file, err))
        return
    if not isinstance(data, dict) or "origin" in data:
        problems.append((loc_file, "filen skal være én tabel med id, name og steps (uden origin)"))
        return
    steps = data.get("steps")
    if isinstance(steps, list):
        steps = [{**s, "origin": layer.name} if isinstance(s, dict) else s for s in steps]
        data = {**data, "steps": steps}
    try:
        layer.discount = DiscountSchedule.model_validate({**data, "origin": layer.name})
    except ValidationError as exc:
        problems.extend(
            (f"{loc_file}: {k}" if k else loc_file, m) for k, m in pydantic_problems(exc)
        )
        return
    if layer.prefix and any(s.source is None for s in layer.discount.steps):
        problems.append((f"{loc_file}: steps", "poster i et overlay skal have deres egen kilde"))


def _read_budget_areas(layer: Layer, path: Path, problems: list[Problem]) -> None:
    loc_file = f"{layer.prefix}{BUDGET_AREAS_FILE}"
    data, err = read_yaml(path)
    if err:
        problems.append((loc_file, err))
        return
    if not isinstance(data, dict) or "origin" in data:
        problems.append((loc_file, "filen skal være én tabel med id, name, status og areas "
                         "(uden origin)"))
        return
    try:
        layer.budget_areas = BudgetAreaMap.model_validate({**data, "origin": layer.name})
    except ValidationError as exc:
        problems.extend(
            (f"{loc_file}: {k}" if k else loc_file, m) for k, m in pydantic_problems(exc)
        )
        return
    if layer.prefix and layer.budget_areas.source is None:
        problems.append((f"{loc_file}: source", "poster i et overlay skal have deres egen kilde"))


def read_layer(folder: Path, name: str, *, required: bool) -> tuple[Layer, list[Problem]]:
    """Read one folder. The base (`required`) must have every file; an overlay any subset."""
    problems: list[Problem] = []
    layer = Layer(name=name, prefix="" if required else f"{name}/")
    if not folder.is_dir():
        what = "vidensbasen" if required else "overlay-mappen"
        return layer, [(str(folder), f"{what} findes ikke (eller er ikke en mappe)")]
    entries = list(folder.iterdir())
    present = {p.name for p in entries if not p.is_dir()}  # a FIFO or broken link is read (and refused)
    for extra in sorted(n for n in present if n.endswith((".yaml", ".yml")) and n not in ALL_FILES):
        problems.append(
            (f"{layer.prefix}{extra}", f"ukendt fil; kendte filer: {', '.join(ALL_FILES)}")
        )
    if not required:  # an overlay: every file in it is used, or refused here (never ignored)
        problems.extend(_unused_overlay_entries(layer, entries))
    if required:
        needed = [f for f in (*ALL_FILES, VERSION_FILE) if f not in OPTIONAL_FILES]
        for missing in [f for f in needed if f not in present]:
            problems.append((missing, "filen mangler i vidensbasen"))
            if missing in LIST_FILES:
                layer.broken.add(LIST_FILES[missing][0])
    elif not present & set(ALL_FILES):
        problems.append((str(folder), "overlay-mappen indeholder ingen kendte filer"))
    for file in LIST_FILES:
        if file in present:
            _read_list_file(layer, file, folder / file, problems)
    if INDEX_FILE in present:
        _read_index(layer, folder / INDEX_FILE, problems)
    if DISCOUNT_FILE in present:
        _read_discount(layer, folder / DISCOUNT_FILE, problems)
    if BUDGET_AREAS_FILE in present:
        _read_budget_areas(layer, folder / BUDGET_AREAS_FILE, problems)
    if VERSION_FILE in present:
        text = read_version(folder / VERSION_FILE)
        if not text or len(text.splitlines()) != 1:
            problems.append(
                (f"{layer.prefix}{VERSION_FILE}", "skal indeholde én linje med versionen")
            )
        layer.version = text
    return layer, problems


def _unused_overlay_entries(layer: Layer, entries: list[Path]) -> list[Problem]:
    """Files and folders in an overlay that nothing would read. Documentation (*.md) and hidden
    files (.gitkeep, .DS_Store) are allowed; .yaml/.yml names are reported by read_layer."""
    allowed = (*ALL_FILES, VERSION_FILE)
    out = []
    for entry in sorted(entries):
        name = entry.name
        if name in allowed or name.startswith(".") or name.lower().endswith(".md"):
            continue
        if entry.is_dir():
            out.append((f"{layer.prefix}{name}", "undermapper i et overlay bruges ikke; læg "
                                                 "filerne direkte i overlay-mappen"))
        elif not name.endswith((".yaml", ".yml")):
            out.append((f"{layer.prefix}{name}", f"ukendt fil, som ikke ville blive brugt; et "
                                                 f"overlay kan indeholde {', '.join(allowed)}"))
    return out


def merge(base: Layer, overlays: list[Layer], problems: list[Problem]) -> Layer:
    """Overlay records replace base records with the same id (same kind) or are added."""
    merged = Layer(
        name=base.name,
        prefix=base.prefix,
        index=base.index,
        discount=base.discount,
        budget_areas=base.budget_areas,
        version=base.version,
    )
    merged.records = {kind: dict(table) for kind, table in base.records.items()}
    merged.where = dict(base.where)
    merged.broken = set().union(base.broken, *(layer.broken for layer in overlays))
    for layer in (base, *overlays):
        for kind, ids in layer.seen.items():
            merged.seen.setdefault(kind, set()).update(ids)
    kind_of = {rid: kind for kind, table in base.records.items() for rid in table}
    for layer in overlays:
        for kind, table in layer.records.items():
            for rid, record in table.items():
                if kind_of.get(rid, kind) != kind:
                    label = LIST_FILES_BY_KIND[kind_of[rid]]
                    problems.append(
                        (
                            f"{layer.where[rid]}: {rid}.id",
                            f"id {rid!r} er allerede en {label} i {merged.where[rid]}",
                        )
                    )
                    continue
                merged.records.setdefault(kind, {})[rid] = record
                merged.where[rid] = layer.where[rid]
                kind_of[rid] = kind
        if layer.index is not None and merged.index is not None:
            if layer.index.series != merged.index.series:
                problems.append(
                    (
                        f"{layer.prefix}{INDEX_FILE}: series",
                        f"overlayets indeks skal være samme serie ({merged.index.series!r})",
                    )
                )
            else:
                by_year = {e.year: e for e in merged.index.values}
                by_year.update({e.year: e for e in layer.index.values})
                values = [by_year[y] for y in sorted(by_year)]
                merged.index = merged.index.model_copy(update={"values": values})
        if layer.discount is not None:
            merged.discount = layer.discount
        if layer.budget_areas is not None:
            merged.budget_areas = layer.budget_areas
    return merged


def cross_check(layer: Layer, problems: list[Problem]) -> None:
    """References between records: areas, price years, target groups and price items."""
    rec = layer.records

    def known(kind: str) -> set[str]:
        return set(rec.get(kind, {})) | layer.seen.get(kind, set())

    areas, prices, groups = known("areas"), known("prices"), known("target_groups")
    years = {e.year for e in layer.index.values} if layer.index else set()
    broken = layer.broken  # a file that could not be read gives no reference errors of its own
    for pid, price in rec.get("prices", {}).items():
        loc = f"{layer.where[pid]}: {pid}"
        if "areas" not in broken and price.area not in areas:
            problems.append((f"{loc}.area", f"ukendt konsekvensområde {price.area!r}"))
        if layer.index is not None and price.price_year not in years:
            problems.append(
                (
                    f"{loc}.price_year",
                    f"prisåret {price.price_year} findes ikke i prisindekset "
                    f"({min(years)}–{max(years)})",
                )
            )
    seen_groups: dict[str, str] = {}
    for pid, profile in rec.get("profiles", {}).items():
        loc = f"{layer.where[pid]}: {pid}"
        tg = profile.target_group
        if "target_groups" in broken:
            pass
        elif tg not in groups:
            problems.append((f"{loc}.target_group", f"ukendt målgruppe {tg!r}"))
        elif tg in seen_groups:
            problems.append(
                (
                    f"{loc}.target_group",
                    f"målgruppen {tg!r} har allerede profilen {seen_groups[tg]!r} "
                    "(giv profilen samme id for at erstatte den)",
                )
            )
        seen_groups.setdefault(tg, pid)
        for n, cons in enumerate(profile.consequences):
            if "prices" not in broken and cons.item not in prices:
                where = format_loc(("consequences", n, "item"))
                problems.append((f"{loc}.{where}", f"ukendt pris-id {cons.item!r}"))
    if layer.budget_areas is not None and "areas" not in broken:
        loc_file = f"{layer.budget_areas.origin}/" if layer.budget_areas.origin != BASE else ""
        for area in layer.budget_areas.areas:
            if area not in areas:
                problems.append((f"{loc_file}{BUDGET_AREAS_FILE}: areas.{area}",
                                 f"ukendt konsekvensområde {area!r}"))
    if "refusion_rules" not in broken:
        rules = known("refusion_rules")
        for pid, price in rec.get("prices", {}).items():
            if price.refusion is None:
                continue
            for n, rid in enumerate([price.refusion.rule, *price.refusion.compare]):
                if rid not in rules:
                    key = "rule" if n == 0 else f"compare[{n - 1}]"
                    problems.append((f"{layer.where[pid]}: {pid}.refusion.{key}",
                                     f"ukendt refusionsregel {rid!r}"))
    for sid, study in rec.get("effect_studies", {}).items():
        if "target_groups" not in broken and study.target_group not in groups:
            problems.append(
                (
                    f"{layer.where[sid]}: {sid}.target_group",
                    f"ukendt målgruppe {study.target_group!r}",
                )
            )


def load_kb(path: str | Path | None = None, overlays: Iterable[str | Path] = ()) -> KnowledgeBase:
    """Load and validate a knowledge base.

    `path` None means $SOM_KB or the bundled knowledge_base/. `overlays` are folders laid over the
    base in order; their records replace base records with the same id or add new ones, and carry
    the overlay folder's name as `origin`. Raises KBError listing every problem found.
    """
    folder = Path(path) if path is not None else default_path()
    base, problems = read_layer(folder, BASE, required=True)
    layers = []
    for overlay in overlays:
        opath = Path(overlay)
        layer, more = read_layer(opath, opath.resolve().name or str(opath), required=False)
        problems.extend(more)
        layers.append(layer)
    merged = merge(base, layers, problems)
    cross_check(merged, problems)
    if not problems:
        apply_refusion(merged.records, merged.where, problems)
    if (problems or merged.index is None or merged.discount is None
            or merged.budget_areas is None):
        raise KBError(problems or [(str(folder), "vidensbasen kunne ikke indlæses")])
    names = tuple(layer.name for layer in layers)
    # An overlay's own VERSION file is part of the version (and so of the fingerprint).
    tags = [f"{layer.name}@{layer.version}" if layer.version else layer.name for layer in layers]
    version = "+".join([merged.version or "0", *tags])
    rec = merged.records
    tables = {kind: dict(sorted(rec.get(kind, {}).items())) for kind in LIST_FILES_BY_KIND}
    index_entries: dict[int, IndexEntry] = {e.year: e for e in merged.index.values}
    profiles = {p.target_group: p for p in tables["profiles"].values()}
    return KnowledgeBase(
        path=folder.resolve(),
        version=version,
        fingerprint=fingerprint_of(version, tables, merged.index, merged.discount,
                                   merged.budget_areas),
        areas=tables["areas"],
        target_groups=tables["target_groups"],
        prices=tables["prices"],
        profiles=dict(sorted(profiles.items())),
        effect_studies=tables["effect_studies"],
        refusion_rules=tables["refusion_rules"],
        price_index={y: e.value for y, e in sorted(index_entries.items())},
        price_index_entries=dict(sorted(index_entries.items())),
        price_index_series=merged.index,
        discount=merged.discount,
        budget_areas=merged.budget_areas,
        overlays=names,
        locations=dict(merged.where),
    )
