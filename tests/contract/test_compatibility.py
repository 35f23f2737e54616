"""The published contract: committed schemas and AsyncAPI stay in step with the models, and a change that
would break consumers is caught unless the schema version is raised and an upcaster added."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from events import parse_event
from events.compatibility import CONTRACT, breuken, controleer, exporteer, huidig_schema, schema_pad
from events.upcasting import UPCASTERS, registreer


def test_huidige_modellen_breken_het_vastgelegde_contract_niet() -> None:
    assert controleer() == []


def test_vastgelegde_schemas_zijn_actueel() -> None:
    """`wlz contract` has been run after the last model change (a compatible change still needs it)."""
    for event_type in json.loads(json.dumps(sorted(p.name for p in (CONTRACT / "schemas").iterdir()))):
        versie, schema = huidig_schema(event_type)
        assert json.loads(schema_pad(event_type, versie).read_text(encoding="utf-8")) == json.loads(json.dumps(schema)), event_type


def test_asyncapi_document_is_actueel_en_asyncapi_3() -> None:
    from services.adapters.kafka.asyncapi import asyncapi_document

    vastgelegd = json.loads((CONTRACT / "asyncapi.json").read_text(encoding="utf-8"))
    assert vastgelegd == json.loads(json.dumps(asyncapi_document()))
    assert vastgelegd["asyncapi"].startswith("3.")
    assert {
        "wlz.indicaties",
        "wlz.aanvragen",
        "wlz.besluiten",
        "wlz.cak.zorgmutaties",
        "wlz.svb.budgetten",
        "wlz.rapportage.plafondalerts",
        "wlz.dlq",
    } <= set(vastgelegd["channels"])


def _schema(event_type: str) -> dict[str, Any]:
    return copy.deepcopy(huidig_schema(event_type)[1])


def _payload(schema: dict[str, Any], naam: str) -> dict[str, Any]:
    return schema["$defs"][naam]


def test_verwijderd_veld_is_een_breuk() -> None:
    oud = _schema("SvbBudgetmutatie")
    nieuw = _schema("SvbBudgetmutatie")
    del _payload(nieuw, "SvbBudgetmutatiePayload")["properties"]["pgb_bedrag"]
    assert breuken(oud, nieuw) == [".payload.pgb_bedrag: veld verwijderd"]


def test_ander_type_is_een_breuk() -> None:
    oud = _schema("BudgetVastgesteld")
    nieuw = _schema("BudgetVastgesteld")
    _payload(nieuw, "BudgetVastgesteldPayload")["properties"]["pgb_deel"] = {"type": "string"}
    assert breuken(oud, nieuw) == [".payload.pgb_deel: type integer is nu string"]


def test_nieuw_verplicht_veld_en_verdwenen_enumwaarde_zijn_breuken() -> None:
    oud = _schema("LeveringsvormAangevraagd")
    nieuw = _schema("LeveringsvormAangevraagd")
    _payload(nieuw, "LeveringsvormAangevraagdPayload")["required"].append("logeeropvang")
    nieuw["$defs"]["Leveringsvorm"]["enum"].remove("vpt")
    gevonden = breuken(oud, nieuw)
    assert ".payload.logeeropvang: nieuw verplicht veld (oudere berichten hebben het niet)" in gevonden
    assert any("enumwaarden verdwenen: ['vpt']" in b for b in gevonden)


def test_optioneel_veld_erbij_is_geen_breuk() -> None:
    oud = _schema("CakZorgmutatie")
    nieuw = _schema("CakZorgmutatie")
    _payload(nieuw, "CakZorgmutatiePayload")["properties"]["nieuw_veld"] = {"type": "string", "default": ""}
    assert breuken(oud, nieuw) == []


def test_breuk_mag_alleen_met_hogere_versie_en_upcaster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulates a v2 of SvbBudgetmutatie that renames pgb_bedrag: caught until an upcaster exists."""
    exporteer(tmp_path)
    pad = schema_pad("SvbBudgetmutatie", 1, tmp_path)
    schema = json.loads(pad.read_text(encoding="utf-8"))
    schema["$defs"]["SvbBudgetmutatiePayload"]["properties"]["oud_veld"] = {"type": "integer"}
    pad.write_text(json.dumps(schema), encoding="utf-8")
    assert controleer(tmp_path) == ["SvbBudgetmutatie v1.payload.oud_veld: veld verwijderd"]

    import events.compatibility as compat

    echt = compat.huidig_schema
    monkeypatch.setattr(compat, "huidig_schema", lambda t: (2, echt(t)[1]) if t == "SvbBudgetmutatie" else echt(t))
    assert controleer(tmp_path) == ["SvbBudgetmutatie: schema_version 1 -> 2 zonder upcaster voor v1"]
    monkeypatch.setitem(UPCASTERS, ("SvbBudgetmutatie", 1), lambda d: {**d, "schema_version": 2})
    assert controleer(tmp_path) == []


def test_upcaster_werkt_bij_het_lezen(monkeypatch: pytest.MonkeyPatch) -> None:
    """An old IndicatieOntvangen v0 that spelled `regio` as `zorgkantoorregio` reads as the current version."""
    monkeypatch.setattr("events.upcasting.UPCASTERS", dict(UPCASTERS))

    @registreer("IndicatieOntvangen", 0)
    def v0_naar_v1(data: dict[str, Any]) -> dict[str, Any]:
        payload = dict(data["payload"])
        payload["regio"] = payload.pop("zorgkantoorregio")
        return {**data, "payload": payload, "schema_version": 1}

    import events

    monkeypatch.setattr(events, "UPCASTERS", __import__("events.upcasting", fromlist=["UPCASTERS"]).UPCASTERS)
    oud = {
        "event_id": "00000000-0000-4000-8000-000000000009",
        "event_type": "IndicatieOntvangen",
        "schema_version": 0,
        "occurred_at": "2020-01-01T00:00:00Z",
        "payload": {
            "bsn": "111222333",
            "indicatiebesluit_id": "C",
            "zorgprofiel": "5VV",
            "ingangsdatum": "2020-01-01",
            "geboortedatum": "1940-01-01",
            "zorgkantoorregio": "Utrecht",
        },
    }
    event = parse_event(oud)
    assert event.schema_version == 1 and event.payload.regio == "Utrecht"  # type: ignore[union-attr]
