"""Hostile input, one test per attack (issue 11 item 4): each gives a clear error per line or message,
the run goes on, and nothing is stored from it. The texts an operator sees (console, rejects file,
dead-letter headers) never carry what the sender wrote in a field name or an unknown event type."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from events import parse_inbound
from events.inbound import IndicatieOntvangen
from events.upcasting import UPCASTERS, upcast
from services.adapters.cli import app
from services.adapters.kafka.dlq import uit_validatiefout
from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.adapters.validatiefouten import ONBEKEND_VELD, fouten_van
from services.application import OngeldigBericht, Rejection, WlzService
from tests.conftest import BSN, BSN_2, aanvraag, bericht, indicatie

runner = CliRunner()


def indicatie_json(bsn: str = BSN, **envelop: Any) -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid4()),
        "event_type": "IndicatieOntvangen",
        "occurred_at": "2020-01-01T09:00:00+01:00",
        "payload": {
            "bsn": bsn,
            "indicatiebesluit_id": f"CIZ-{bsn}",
            "zorgprofiel": "5VV",
            "ingangsdatum": "2020-01-01",
            "geboortedatum": "1940-01-01",
            "regio": "Utrecht",
        },
        **envelop,
    }


def fout_van(data: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(ValidationError) as fout:
        parse_inbound(json.dumps(data))
    return fouten_van(fout.value)


def test_een_bsn_als_event_type_komt_niet_in_de_foutmelding() -> None:
    veld, reden = fout_van(indicatie_json(event_type=BSN_2))
    assert BSN_2 not in veld + reden
    assert "event_type" in reden


@pytest.mark.parametrize("naam", [BSN_2, "[/red]", "\x1b[31mrood\x1b[0m", f"x{BSN_2}"])
def test_een_vijandige_veldnaam_komt_niet_in_de_foutmelding(naam: str) -> None:
    for plek in ("envelop", "payload"):
        data = indicatie_json()
        (data if plek == "envelop" else data["payload"])[naam] = 1
        veld, reden = fout_van(data)
        assert naam not in veld and BSN_2 not in veld + reden and "\x1b" not in veld + reden and "[/" not in veld
        assert veld.endswith(ONBEKEND_VELD) and "Extra inputs" in reden


def test_een_gewone_onbekende_veldnaam_wordt_genoemd() -> None:
    """A typo in a field name is still named: only names that could carry data are hidden."""
    data = indicatie_json()
    data["payload"]["regioo"] = "Utrecht"
    assert fout_van(data)[0] == "IndicatieOntvangen.payload.regioo"


def test_dlq_koppen_dragen_geen_bsn_uit_een_veldnaam_of_event_type() -> None:
    for data in (indicatie_json(event_type=BSN_2), {**indicatie_json(), BSN_2: "x"}):
        with pytest.raises(ValidationError) as fout:
            parse_inbound(json.dumps(data))
        afwijzing = uit_validatiefout(fout.value)
        assert BSN_2 not in afwijzing.veld + afwijzing.reden


def test_onbekende_schema_versie_wordt_een_dode_letter_en_niet_als_versie_1_gelezen(service: WlzService) -> None:
    veld, reden = fout_van(indicatie_json(schema_version=99))
    assert veld == "IndicatieOntvangen.schema_version" and "onbekende schema_version" in reden
    waarde = json.dumps(indicatie_json(schema_version=99)).encode()
    with pytest.raises(ValidationError) as fout:
        parse_inbound(waarde)
    [uitkomst] = service.verwerk_reeks([(Ontvangen(Bronpositie("t", 0, 0), RuwBericht(None, waarde, ())), uit_validatiefout(fout.value))])
    assert isinstance(uitkomst, Rejection) and uitkomst.veld.endswith("schema_version")
    assert service.toestand(service.case_id(BSN)) is None  # nothing of it stored on a case


class IndicatieOntvangenV2(IndicatieOntvangen):
    """A test type whose current schema version is 2 (as a future breaking change would make it)."""

    schema_version: int = 2


def test_een_bekende_oude_versie_wordt_opgewaardeerd_en_zonder_upcaster_geweigerd(monkeypatch: pytest.MonkeyPatch) -> None:
    oud = indicatie_json(schema_version=1)
    with pytest.raises(ValidationError, match="zonder upcaster"):
        IndicatieOntvangenV2.model_validate(upcast(oud))
    monkeypatch.setitem(UPCASTERS, ("IndicatieOntvangen", 1), lambda d: {**d, "schema_version": 2})
    assert IndicatieOntvangenV2.model_validate(upcast(oud)).schema_version == 2
    with pytest.raises(ValidationError, match="onbekende schema_version"):
        IndicatieOntvangenV2.model_validate(indicatie_json(schema_version=3))


def test_ingest_van_markup_ansi_en_bsn_in_veldnamen_meldt_per_regel_en_gaat_door(tmp_path: Path) -> None:
    regels = []
    for naam in ("[/red]", "\x1b[2J\x1b[31mX", BSN_2):
        data = indicatie_json()
        data["payload"][naam] = 1
        regels.append(json.dumps(data))
    regels.append(json.dumps(indicatie_json(event_type=BSN_2)))
    regels.append(json.dumps(indicatie_json()))  # a good line after them
    invoer = tmp_path / "in.jsonl"
    invoer.write_text("\n".join(regels) + "\n", encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    resultaat = runner.invoke(app, ["ingest", str(invoer), "--rejects", str(rejects), "--data-dir", str(tmp_path / "store")])
    assert resultaat.exit_code == 0, resultaat.output
    assert "1 verwerkt" in resultaat.output and "4 afgewezen" in resultaat.output
    assert "\x1b" not in resultaat.output and BSN_2 not in resultaat.output
    bewaard = [json.loads(r) for r in rejects.read_text(encoding="utf-8").splitlines()]
    assert [r["regel"] for r in bewaard] == [1, 2, 3, 4]
    assert all(BSN_2 not in r["veld"] + r["reden"] and "\x1b" not in r["veld"] for r in bewaard)


def test_ingest_van_een_byte_die_geen_utf8_is_meldt_de_regel_en_leest_de_rest(tmp_path: Path) -> None:
    goed = json.dumps(indicatie_json()).encode()
    ander = json.dumps(indicatie_json(BSN_2)).encode()
    slecht = json.dumps(indicatie_json()).encode().replace(b"Utrecht", b"Utr\xffcht")
    invoer = tmp_path / "in.jsonl"
    invoer.write_bytes(b"\n".join([goed, slecht, ander]) + b"\n")
    rejects = tmp_path / "rejects.jsonl"
    resultaat = runner.invoke(app, ["ingest", str(invoer), "--rejects", str(rejects), "--data-dir", str(tmp_path / "store")])
    assert resultaat.exit_code == 0, resultaat.output
    assert "2 verwerkt" in resultaat.output and "1 afgewezen" in resultaat.output
    [afgewezen] = [json.loads(r) for r in rejects.read_text(encoding="utf-8").splitlines()]
    assert afgewezen["regel"] == 2 and "UTF-8" in afgewezen["reden"]


def test_hetzelfde_event_id_voor_een_andere_persoon_wordt_geweigerd_en_niets_ervan_opgeslagen(service: WlzService) -> None:
    eerste = parse_inbound(json.dumps(indicatie_json(BSN)))
    tweede = parse_inbound(json.dumps({**indicatie_json(BSN_2), "event_id": str(eerste.event_id)}))
    service.verwerk(eerste)
    with pytest.raises(OngeldigBericht) as fout:
        service.verwerk(tweede)
    assert fout.value.veld == "event_id" and BSN_2 not in str(fout.value)
    assert service.toestand(service.case_id(BSN_2)) is None
    assert service.verwerk(eerste) == []  # the same message again for the same person: a redelivery, no error


def test_hetzelfde_event_id_voor_twee_personen_in_een_batch_geeft_een_dode_letter_en_geen_dubbele_ids(service: WlzService) -> None:
    gedeeld = str(uuid.uuid4())
    waarden = [json.dumps({**indicatie_json(bsn), "event_id": gedeeld}).encode() for bsn in (BSN, BSN_2)]
    reeks = [(Ontvangen(Bronpositie("t", 0, n), RuwBericht(None, w, ())), parse_inbound(w)) for n, w in enumerate(waarden)]
    uitkomsten = service.verwerk_reeks(reeks)
    assert uitkomsten[0] == [] and isinstance(uitkomsten[1], Rejection) and uitkomsten[1].veld == "event_id"
    assert service.toestand(service.case_id(BSN)) is not None and service.toestand(service.case_id(BSN_2)) is None
    _, berichten = service.berichten_na(0)
    ids = [b["event_id"] for _, b in berichten if "event_id" in b]
    assert len(ids) == len(set(ids))


def test_indicatie_beeindigd_voor_de_ingangsdatum_wordt_geweigerd_en_de_toekenning_loopt_door(service: WlzService) -> None:
    service.verwerk(indicatie(bsn=BSN))
    service.verwerk(aanvraag(["pgb"], bsn=BSN))
    id_ = service.toestand(service.case_id(BSN)).indicatie.indicatiebesluit_id  # type: ignore[union-attr]
    with pytest.raises(OngeldigBericht) as fout:
        service.verwerk(bericht("IndicatieBeeindigd", {"bsn": BSN, "indicatiebesluit_id": id_, "einddatum": "2019-12-31"}))
    assert fout.value.veld == "payload.einddatum"
    toestand = service.toestand(service.case_id(BSN))
    assert toestand is not None and toestand.indicatie is not None and toestand.indicatie.periode.tot is None
    assert len(toestand.toekenningen) == 1 and toestand.toekenningen[0].periode.tot is None
