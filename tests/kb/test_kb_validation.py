"""Each validation rule, on small broken knowledge bases in tmp_path.

Every problem must name the file and the record key, be in Danish, and all problems must be
reported together.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from kbhelpers import MINIMAL, SRC, with_price, write_kb

from som.kb import KBError, load_kb


def problems_of(folder: Path) -> list[tuple[str, str]]:
    with pytest.raises(KBError) as info:
        load_kb(folder)
    assert info.value.problems, "KBError uden problemer"
    return info.value.problems


def only_problem(folder: Path) -> tuple[str, str]:
    problems = problems_of(folder)
    assert len(problems) == 1, problems
    return problems[0]


def test_minimal_kb_is_valid(mini):
    kb = load_kb(mini)
    assert kb.version == "t-1"
    assert kb.prices["ydelse_uge"].origin == "base"
    assert kb.profiles["gruppe_a"].consequences[0].delta_per_success == [-1.0, -2.0]
    assert kb.price_index == {2023: 100.0, 2024: 102.0}
    assert kb.discount_schedule == [(0, None, 0.035)]


def test_unknown_unit_names_file_key_and_allowed_units(tmp_path):
    folder = write_kb(tmp_path, {"prices.yaml": with_price(unit="uger")})
    where, message = only_problem(folder)
    assert where == "prices.yaml: ydelse_uge.unit"
    assert message.startswith("ukendt enhed 'uger'; tilladt: ")
    assert "uge" in message and "døgn" in message


@pytest.mark.parametrize(
    ("change", "key", "fragment"),
    [
        ({"kind": "udgift"}, "kind", "ukendt art 'udgift'"),
        ({"status": "estimeret"}, "status", "ukendt status 'estimeret'"),
        ({"status": "derived"}, "derivation", "kræver en begrundelse"),
        ({"source": {"title": "Uden url"}}, "source.url", "kræver en kilde med url"),
        ({"source": {"title": "T", "url": "www.x.dk"}}, "source.url", "skal begynde med http"),
        ({"kommune": -5}, "kommune", "må ikke være negativt"),
        ({"kommune": 0, "stat": 0}, "kommune", "mindst én betaler"),
        ({"kommune": "1.200 kr"}, "kommune", "skal være et tal"),
        ({"kommune": float("nan")}, "kommune", "endeligt tal"),
        ({"price_year": "2024a"}, "price_year", "skal være et heltal"),
        ({"last_reviewed": "i går"}, "last_reviewed", "dato"),
        ({"name": ""}, "name", "må ikke være tom"),
        ({"area": "ukendt_omraade"}, "area", "ukendt konsekvensområde 'ukendt_omraade'"),
        ({"price_year": 2019}, "price_year", "prisåret 2019 findes ikke i prisindekset"),
        ({"enhed": "uge"}, "enhed", "ukendt nøgle"),
        ({"last_reviewed": None}, "last_reviewed", "mangler"),
        ({"id": "Kontanthjælp-uge"}, "id", "snake_case"),
    ],
)
def test_price_rule(tmp_path, change, key, fragment):
    folder = write_kb(tmp_path, {"prices.yaml": with_price(**change)})
    problems = problems_of(folder)
    pid = change.get("id", "ydelse_uge")
    assert any(w == f"prices.yaml: {pid}.{key}" and fragment in m for w, m in problems), problems


def test_illustrative_needs_reasoning_but_no_url(tmp_path):
    ok = write_kb(
        tmp_path / "ok",
        {
            "prices.yaml": with_price(
                status="illustrative", source=None, derivation="skøn: 2 timer à 50 kr"
            )
        },
    )
    assert load_kb(ok).prices["ydelse_uge"].source is None
    bad = write_kb(tmp_path / "bad", {"prices.yaml": with_price(status="illustrative")})
    assert only_problem(bad) == (
        "prices.yaml: ydelse_uge.derivation",
        "status 'illustrative' kræver en begrundelse",
    )


def test_duplicate_id_in_one_file(tmp_path):
    prices = with_price() + with_price(name="Anden")
    where, message = only_problem(write_kb(tmp_path, {"prices.yaml": prices}))
    assert where == "prices.yaml: ydelse_uge.id"
    assert "findes allerede i prices.yaml" in message


def test_duplicate_id_across_files(tmp_path):
    groups = copy.deepcopy(MINIMAL["target_groups.yaml"]) + [
        {**MINIMAL["target_groups.yaml"][0], "id": "ydelse_uge"}
    ]
    problems = problems_of(write_kb(tmp_path, {"target_groups.yaml": groups}))
    assert (
        "prices.yaml: ydelse_uge.id",
        "id 'ydelse_uge' findes allerede i target_groups.yaml",
    ) in problems


def test_duplicate_yaml_key_is_an_error_with_its_line(tmp_path):
    text = (
        "- id: ydelse_uge\n  name: Ydelse\n  unit: uge\n  kind: expenditure\n"
        "  area: overfoersler\n  price_year: 2024\n  kommune: 100\n  kommune: 200\n"
        "  region: 0\n  stat: 0\n  status: illustrative\n  derivation: x\n"
        "  last_reviewed: 2026-01-01\n"
    )
    where, message = only_problem(write_kb(tmp_path, {"prices.yaml": text}))
    assert where == "prices.yaml"
    assert message == "linje 8, kolonne 3: nøglen 'kommune' står to gange"


def test_yaml_syntax_error_gives_one_problem_not_a_cascade(tmp_path):
    folder = write_kb(tmp_path, {"prices.yaml": "- id: ydelse_uge\n  name: [ikke lukket\n"})
    where, message = only_problem(folder)
    assert where == "prices.yaml" and "ugyldig YAML" in message and "linje" in message


def test_profile_references(tmp_path):
    profile = {
        **MINIMAL["profiles.yaml"][0],
        "target_group": "ukendt_gruppe",
        "consequences": [
            {"item": "ydelse_uge", "delta_per_success": [1]},
            {"item": "ukendt_pris", "delta_per_success": [1]},
        ],
    }
    problems = problems_of(write_kb(tmp_path, {"profiles.yaml": [profile]}))
    assert set(problems) == {
        ("profiles.yaml: profil_gruppe_a.target_group", "ukendt målgruppe 'ukendt_gruppe'"),
        ("profiles.yaml: profil_gruppe_a.consequences[1].item", "ukendt pris-id 'ukendt_pris'"),
    }


def test_profile_rules(tmp_path):
    base = MINIMAL["profiles.yaml"][0]
    long = {**base, "consequences": [{"item": "ydelse_uge", "delta_per_success": [0] * 51}]}
    twice = {
        **base,
        "id": "profil_to",
        "consequences": [
            {"item": "ydelse_uge", "delta_per_success": [1]},
            {"item": "ydelse_uge", "delta_per_success": [2]},
        ],
    }
    empty = {**base, "id": "profil_tom", "consequences": []}
    problems = problems_of(write_kb(tmp_path, {"profiles.yaml": [long, twice, empty]}))
    assert (
        "profiles.yaml: profil_gruppe_a.consequences[0].delta_per_success",
        "er for lang (højst 50 elementer)",
    ) in problems
    assert (
        "profiles.yaml: profil_to.consequences",
        "samme pris står flere gange: ydelse_uge",
    ) in problems
    assert ("profiles.yaml: profil_tom.consequences", "må ikke være tom") in problems


def test_two_profiles_for_one_target_group(tmp_path):
    second = {**MINIMAL["profiles.yaml"][0], "id": "profil_gruppe_a_2"}
    profiles = [MINIMAL["profiles.yaml"][0], second]
    where, message = only_problem(write_kb(tmp_path, {"profiles.yaml": profiles}))
    assert where == "profiles.yaml: profil_gruppe_a_2.target_group"
    assert "har allerede profilen 'profil_gruppe_a'" in message


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        ({"evidence_level": 4}, "evidence_level", "evidensniveau skal være 1, 2 eller 3 (fik 4)"),
        (
            {"success_rate_baseline": 1.2},
            "success_rate_baseline",
            "en succesrate skal ligge i [0, 1] (fik 1.2)",
        ),
        ({"effect_type": "stor"}, "effect_type", None),
        ({"target_group": "ingen"}, "target_group", "ukendt målgruppe 'ingen'"),
    ],
)
def test_effect_study_rules(tmp_path, change, key, message):
    study = {**MINIMAL["effect_studies.yaml"][0], **change}
    where, got = only_problem(write_kb(tmp_path, {"effect_studies.yaml": [study]}))
    assert where == f"effect_studies.yaml: studie_a.{key}"
    assert got == message if message else got.startswith("ukendt effekttype 'stor'")


def test_index_and_discount_rules(tmp_path):
    index = copy.deepcopy(MINIMAL["price_index.yaml"])
    index["values"].append({"year": 2025, "value": -1, "status": "published"})
    discount = {
        "id": "fm",
        "name": "FM",
        "steps": [
            {"first_year": 0, "last_year": 35, "rate": 0.035, "status": "published", "source": SRC},
            {
                "first_year": 40,
                "last_year": None,
                "rate": 0.025,
                "status": "published",
                "source": SRC,
            },
        ],
    }
    problems = problems_of(
        write_kb(tmp_path, {"price_index.yaml": index, "discount.yaml": discount})
    )
    assert set(problems) == {
        ("price_index.yaml: 2025.value", "indekstal skal være større end 0"),
        ("discount.yaml: steps[1].first_year", "skal være 36 (fik 40)"),
    }


def test_duplicate_index_year(tmp_path):
    index = copy.deepcopy(MINIMAL["price_index.yaml"])
    index["values"].append({"year": 2024, "value": 103.0, "status": "published"})
    assert only_problem(write_kb(tmp_path, {"price_index.yaml": index})) == (
        "price_index.yaml: 2024",
        "året 2024 står flere gange i indekset",
    )


def test_missing_and_unknown_files(tmp_path):
    folder = write_kb(tmp_path, {"effect_studies.yaml": None, "price.yaml": []}, version=None)
    problems = problems_of(folder)
    assert ("effect_studies.yaml", "filen mangler i vidensbasen") in problems
    assert ("VERSION", "filen mangler i vidensbasen") in problems
    assert any(w == "price.yaml" and m.startswith("ukendt fil") for w, m in problems)


def test_origin_may_not_be_set_in_a_file(tmp_path):
    where, message = only_problem(write_kb(tmp_path, {"prices.yaml": with_price(origin="x")}))
    assert where == "prices.yaml: ydelse_uge.origin" and "indlæseren" in message


def test_missing_folder(tmp_path):
    where, message = only_problem(tmp_path / "findes_ikke")
    assert where.endswith("findes_ikke") and "findes ikke" in message


def test_all_problems_are_reported_at_once(tmp_path):
    prices = with_price(unit="uger", kind="udgift", price_year=1999) + [
        {**with_price()[0], "id": "anden_pris", "status": "derived"}
    ]
    study = {**MINIMAL["effect_studies.yaml"][0], "evidence_level": 7}
    profile = {**MINIMAL["profiles.yaml"][0], "target_group": "ukendt"}
    folder = write_kb(
        tmp_path,
        {"prices.yaml": prices, "effect_studies.yaml": [study], "profiles.yaml": [profile]},
    )
    with pytest.raises(KBError) as info:
        load_kb(folder)
    where = {w for w, _ in info.value.problems}
    assert {
        "prices.yaml: ydelse_uge.unit",
        "prices.yaml: ydelse_uge.kind",
        "prices.yaml: anden_pris.derivation",
        "effect_studies.yaml: studie_a.evidence_level",
        "profiles.yaml: profil_gruppe_a.target_group",
    } <= where
    text = str(info.value)
    assert text.startswith(f"Vidensbasen har {len(info.value.problems)} fejl:")
    assert "prices.yaml: ydelse_uge.unit: ukendt enhed 'uger'" in text


def test_env_var_selects_the_knowledge_base(mini, monkeypatch):
    monkeypatch.setenv("SOM_KB", str(mini))
    assert load_kb().version == "t-1"
    monkeypatch.delenv("SOM_KB")
    assert load_kb().version != "t-1"
