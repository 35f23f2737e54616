"""The published JSON Schemas are strict enough for a producer to validate before sending: what the
service would refuse (an invalid BSN, an unknown zorgprofiel, a regio outside art. 8.12) fails the
schema too, checked with the jsonschema library; and the compatibility check catches a narrowed field."""

from __future__ import annotations

import copy
import csv
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from events.codes import ZORGPROFIELEN
from events.compatibility import CONTRACT, breuken, huidig_schema
from events.regios import ZORGKANTOORREGIOS
from events.validation import fouten, validator
from services.demo import SCENARIO


def _indicatie(**payload: object) -> dict[str, Any]:
    return {
        "event_id": "00000000-0000-4000-8000-000000000001",
        "event_type": "IndicatieOntvangen",
        "schema_version": 1,
        "occurred_at": "2020-01-01T00:00:00Z",
        "payload": {
            "bsn": "111222333",
            "indicatiebesluit_id": "C",
            "zorgprofiel": "5VV",
            "ingangsdatum": "2020-01-01",
            "geboortedatum": "1940-01-01",
            "regio": "Utrecht",
            **payload,
        },
    }


def test_een_geldige_indicatie_voldoet() -> None:
    assert fouten(_indicatie()) == []


@pytest.mark.parametrize(
    ("veld", "waarde", "regel"),
    [
        ("bsn", "123456789", "format"),  # nine digits, fails the elfproef
        ("bsn", "12345678a", "pattern"),
        ("bsn", "GEWIST", "pattern"),  # the erased form is read back from the store, never sent
        ("zorgprofiel", "99ZZ", "enum"),
        ("regio", "Atlantis", "enum"),
    ],
)
def test_wat_de_dienst_weigert_faalt_ook_het_schema(veld: str, waarde: str, regel: str) -> None:
    gevonden = fouten(_indicatie(**{veld: waarde}))
    assert {f.split(":")[0] for f in gevonden} == {f"payload.{veld}"}
    assert regel in {f.split(" ")[1] for f in gevonden}


def test_ook_zonder_de_bsn_format_checker_falen_99zz_en_atlantis() -> None:
    """A producer that validates with a plain 2020-12 validator still catches the enumerations and the pattern."""
    schema = json.loads((CONTRACT / "schemas" / "IndicatieOntvangen" / "v1.schema.json").read_text(encoding="utf-8"))
    kaal = Draft202012Validator(schema)
    for veld, waarde in (("zorgprofiel", "99ZZ"), ("regio", "Atlantis"), ("bsn", "12345678")):
        assert not kaal.is_valid(_indicatie(**{veld: waarde})), veld


def test_bsn_in_feeds_ook_met_elfproef() -> None:
    schema_fouten = list(validator("SvbBudgetmutatie").iter_errors({"payload": {"bsn": "123456789"}}))
    assert any(f.validator == "format" and list(f.absolute_path) == ["payload", "bsn"] for f in schema_fouten)


def test_elk_schema_heeft_schema_en_id_en_is_een_geldig_2020_12_schema() -> None:
    ids = set()
    paden = sorted((CONTRACT / "schemas").glob("*/v*.schema.json"))
    for pad in paden:
        schema = json.loads(pad.read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", pad
        assert schema["$id"] == f"urn:wlz-casemanagement:schema:{pad.parent.name}:{pad.name.split('.')[0]}"
        Draft202012Validator.check_schema(schema)
        ids.add(schema["$id"])
    assert len(ids) == len(paden) >= 20


def test_het_demoscenario_voldoet_aan_de_schemas() -> None:
    regels = [json.loads(r) for r in SCENARIO.read_text(encoding="utf-8").splitlines() if r.strip()]
    assert len(regels) > 20
    for regel in regels:
        assert fouten(regel) == [], regel["event_type"]


def test_de_enumeraties_zijn_de_lijsten_van_de_regeling() -> None:
    from services.regeling.laden import DATA

    catalogus = [r["zorgprofiel"] for r in csv.DictReader((DATA / "zorgprofielen.csv").open(encoding="utf-8"))]
    assert list(ZORGPROFIELEN) == catalogus, "events/codes.py ZORGPROFIELEN follows services/regeling/data/zorgprofielen.csv"
    payload = huidig_schema("IndicatieOntvangen")[1]["$defs"]["IndicatieOntvangenPayload"]["properties"]
    assert payload["regio"]["enum"] == list(ZORGKANTOORREGIOS) and len(ZORGKANTOORREGIOS) == 31
    assert payload["zorgprofiel"]["enum"] == list(ZORGPROFIELEN)


def _veld(schema: dict[str, Any], model: str, veld: str) -> dict[str, Any]:
    return dict(schema["$defs"][model]["properties"][veld])


@pytest.mark.parametrize(
    ("veld", "wijziging", "melding"),
    [
        ("indicatiebesluit_id", {"maxLength": 12}, "maxLength 64 -> 12"),
        ("indicatiebesluit_id", {"minLength": 3}, "minLength 1 -> 3"),
        ("indicatiebesluit_id", {"pattern": "^CIZ-"}, 'pattern - -> "^CIZ-"'),
        ("bsn", {"pattern": "^[1-9][0-9]{8}$"}, 'pattern "^[0-9]{9}$" -> "^[1-9][0-9]{8}$"'),
        ("regio", {"enum": list(ZORGKANTOORREGIOS[:-1])}, "enumwaarden verdwenen: ['Zuid-Limburg']"),
        ("grondslag", {"anyOf": [{"type": "string", "maxLength": 64, "format": "email"}, {"type": "null"}]}, "string:email"),
    ],
)
def test_compatibiliteit_vangt_aanscherping(veld: str, wijziging: dict[str, Any], melding: str) -> None:
    oud = huidig_schema("IndicatieOntvangen")[1]
    nieuw = copy.deepcopy(oud)
    nieuw["$defs"]["IndicatieOntvangenPayload"]["properties"][veld] = {**_veld(oud, "IndicatieOntvangenPayload", veld), **wijziging}
    gevonden = breuken(oud, nieuw, erken=True)
    assert len(gevonden) == 1 and gevonden[0].startswith(f".payload.{veld}") and melding in gevonden[0], gevonden


def test_compatibiliteit_vangt_een_hoger_minimum_en_lager_maximum() -> None:
    oud = huidig_schema("PgbPlafondDrempelBereikt")[1]
    nieuw = copy.deepcopy(oud)
    eigenschappen = nieuw["$defs"]["PgbPlafondDrempelBereiktPayload"]["properties"]
    eigenschappen["jaar"] = {**eigenschappen["jaar"], "minimum": 2015, "maximum": 2100}
    assert breuken(oud, nieuw) == [
        ".payload.jaar: aangescherpt (maximum - -> 2100; minimum - -> 2015): oudere berichten kunnen nu geweigerd worden"
    ]


def test_verruimen_is_geen_breuk() -> None:
    oud = huidig_schema("IndicatieOntvangen")[1]
    nieuw = copy.deepcopy(oud)
    nieuw["$defs"]["IndicatieOntvangenPayload"]["properties"]["indicatiebesluit_id"]["maxLength"] = 128
    nieuw["$defs"]["IndicatieOntvangenPayload"]["properties"]["regio"]["enum"].append("Nieuwe regio")
    assert breuken(oud, nieuw) == []


def test_erkende_aanscherping_alleen_van_los_naar_het_afgedwongen_veld() -> None:
    """Writing the enforced rule into a loose field (the regio enum) is acknowledged by `controleer`; the
    same narrowing of another field is not, and neither is narrowing an already strict field further."""
    nieuw = huidig_schema("IndicatieOntvangen")[1]
    los = copy.deepcopy(nieuw)
    for veld in ("regio", "zorgprofiel", "bsn"):
        for sleutel in ("enum", "pattern"):
            los["$defs"]["IndicatieOntvangenPayload"]["properties"][veld].pop(sleutel, None)
    assert len(breuken(los, nieuw)) == 3
    assert breuken(los, nieuw, erken=True) == []
    los["$defs"]["IndicatieOntvangenPayload"]["properties"]["grondslag"] = {"type": "string"}
    strikter = copy.deepcopy(nieuw)
    strikter["$defs"]["IndicatieOntvangenPayload"]["properties"]["grondslag"] = {"type": "string", "enum": ["a"]}
    assert breuken(los, strikter, erken=True) == [
        ".payload.grondslag: aangescherpt (enum van 1 waarden waar elke waarde mocht): oudere berichten kunnen nu geweigerd worden"
    ]
