"""Helpers for the knowledge-base tests: small KB folders written from Python data."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

SRC = {"title": "Testkilde", "url": "https://example.org/kilde"}

MINIMAL: dict[str, object] = {
    "consequence_areas.yaml": [{"id": "overfoersler", "name": "Indkomstoverførsler"}],
    "target_groups.yaml": [
        {
            "id": "gruppe_a",
            "name": "Gruppe A",
            "area": "voksne",
            "age_band": "18-65",
            "success_criterion": "I arbejde",
            "status": "illustrative",
            "derivation": "testgruppe",
        }
    ],
    "prices.yaml": [
        {
            "id": "ydelse_uge",
            "name": "Ydelse, uge",
            "unit": "uge",
            "kind": "expenditure",
            "area": "overfoersler",
            "price_year": 2024,
            "kommune": 100.0,
            "region": 0,
            "stat": 50,
            "status": "published",
            "source": SRC,
            "last_reviewed": "2026-01-01",
        }
    ],
    "profiles.yaml": [
        {
            "id": "profil_gruppe_a",
            "target_group": "gruppe_a",
            "status": "illustrative",
            "derivation": "test",
            "reasoning": "test",
            "consequences": [{"item": "ydelse_uge", "delta_per_success": [-1, -2]}],
        }
    ],
    "effect_studies.yaml": [
        {
            "id": "studie_a",
            "intervention": "Indsats",
            "target_group": "gruppe_a",
            "outcome": "Job",
            "effect_estimate": "30 % mod 20 %",
            "effect_type": "andel",
            "design": "RCT",
            "evidence_level": 1,
            "country": "Danmark",
            "year": 2020,
            "success_rate_intervention": 0.3,
            "success_rate_baseline": 0.2,
            "status": "published",
            "source": SRC,
        }
    ],
    "price_index.yaml": {
        "series": "nettoprisindeks",
        "base": "2015=100",
        "source": SRC,
        "values": [
            {"year": 2023, "value": 100.0, "status": "published"},
            {"year": 2024, "value": 102.0, "status": "published"},
        ],
    },
    "discount.yaml": {
        "id": "fm_test",
        "name": "Test",
        "steps": [
            {
                "first_year": 0,
                "last_year": None,
                "rate": 0.035,
                "status": "published",
                "source": SRC,
            }
        ],
    },
    "budget_areas.yaml": {
        "id": "udvalg_test",
        "name": "Test",
        "status": "illustrative",
        "derivation": "test",
        "areas": {"overfoersler": "Beskæftigelsesudvalget"},
    },
}


def write_kb(
    folder: Path,
    files: dict[str, object] | None = None,
    version: str | None = "t-1",
    base: dict[str, object] | None = None,
) -> Path:
    """Write a KB folder: `base` (default MINIMAL) with `files` replacing whole files.

    A value of None in `files` leaves that file out (for overlays and missing-file tests).
    """
    folder.mkdir(parents=True, exist_ok=True)
    content = copy.deepcopy(MINIMAL if base is None else base)
    content.update(copy.deepcopy(files or {}))
    for name, data in content.items():
        if data is None:
            continue
        path = folder / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_text(
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
    if version is not None:
        (folder / "VERSION").write_text(version + "\n", encoding="utf-8")
    return folder


def write_overlay(folder: Path, files: dict[str, object]) -> Path:
    """An overlay folder holding only `files`."""
    return write_kb(folder, files, version=None, base={})


def with_price(**changes) -> list[dict]:
    """MINIMAL's price list with the one price changed."""
    price = copy.deepcopy(MINIMAL["prices.yaml"][0])  # type: ignore[index]
    price.update(changes)
    return [{k: v for k, v in price.items() if v is not None}]
