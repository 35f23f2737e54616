"""The event contract: envelope, BSN elfproef, iWlz codes, validation naming field and rule."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from events import event_types, parse_event, parse_inbound
from events.besluiten import LeveringsvormCode
from events.bsn import elfproef
from events.codes import Leveringsvorm
from events.inbound import normaliseer_zorgprofiel


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "725763863"])
def test_bsn_elfproef_geldig(bsn: str) -> None:
    assert elfproef(bsn)


@pytest.mark.parametrize("bsn", ["123456789", "000000000", "12345678", "1234567890", "12345678a", "١١١٢٢٢٣٣٣"])
def test_bsn_elfproef_ongeldig(bsn: str) -> None:
    assert not elfproef(bsn)


def test_iwlz_codes_van_leveringsvormen() -> None:
    assert {v.value: v.iwlz_code for v in Leveringsvorm} == {"pgb": 2, "verblijf": 4, "vpt": 5, "mpt": 7, "deeltijdverblijf": 8}
    with pytest.raises(ValidationError):
        LeveringsvormCode(leveringsvorm=Leveringsvorm.PGB, iwlz_code=7)


@pytest.mark.parametrize(
    ("invoer", "code"),
    [("5vv", "5VV"), ("4ZG-aud", "4ZGaud"), ("2 ZGvis", "2ZGvis"), ("GGZ-W 1", "1GGZW"), ("ggzw5", "5GGZW"), ("2LVG", "2LVG")],
)
def test_zorgprofiel_een_schrijfwijze(invoer: str, code: str) -> None:
    assert normaliseer_zorgprofiel(invoer) == code


def _indicatie(**payload: object) -> str:
    basis = {
        "bsn": "111222333",
        "indicatiebesluit_id": "C",
        "zorgprofiel": "5VV",
        "ingangsdatum": "2020-01-01",
        "geboortedatum": "1940-01-01",
        "regio": "Utrecht",
    }
    return json.dumps(
        {
            "event_id": "00000000-0000-4000-8000-000000000001",
            "event_type": "IndicatieOntvangen",
            "occurred_at": "2020-01-01T00:00:00Z",
            "payload": {**basis, **payload},
        }
    )


def test_envelope_vraagt_event_id_en_tijdzone() -> None:
    zonder_id = json.loads(_indicatie())
    del zonder_id["event_id"]
    with pytest.raises(ValidationError, match="event_id"):
        parse_inbound(json.dumps(zonder_id))
    naief = json.loads(_indicatie())
    naief["occurred_at"] = "2020-01-01T00:00:00"
    with pytest.raises(ValidationError, match="occurred_at"):
        parse_inbound(json.dumps(naief))


@pytest.mark.parametrize(
    ("payload", "veld"),
    [
        ({"regio": "Atlantis"}, "regio"),
        ({"einddatum": "2019-01-01"}, "einddatum"),
        ({"geboortedatum": "2021-01-01"}, "geboortedatum"),
        ({"extra": 1}, "extra"),
        ({"zorgprofiel": "VV"}, "zorgprofiel"),
    ],
)
def test_schendingen_noemen_veld(payload: dict, veld: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationError) as fout:
        parse_inbound(_indicatie(**payload))
    assert veld in str(fout.value)


def test_aanvraag_combinaties() -> None:
    def aanvraag(**p: object) -> str:
        return json.dumps(
            {
                "event_id": "00000000-0000-4000-8000-000000000002",
                "event_type": "LeveringsvormAangevraagd",
                "occurred_at": "2020-01-01T00:00:00Z",
                "payload": {"bsn": "111222333", "ingangsdatum": "2020-01-01", **p},
            }
        )

    parse_inbound(aanvraag(leveringsvormen=["mpt", "pgb", "deeltijdverblijf"], deeltijdverblijf_etmalen=7))
    for fout in (
        {"leveringsvormen": ["verblijf", "pgb"]},
        {"leveringsvormen": ["deeltijdverblijf"], "deeltijdverblijf_etmalen": 7},
        {"leveringsvormen": ["pgb", "deeltijdverblijf"]},
        {"leveringsvormen": ["pgb"], "deeltijdverblijf_etmalen": 7},
        {"leveringsvormen": ["pgb"], "mpt_kosten_per_jaar": 100},
        {"leveringsvormen": ["pgb", "pgb"]},
        {"leveringsvormen": ["mpt"], "mpt_kosten_per_jaar": 500, "zorgkosten_per_jaar": 100},
        {"leveringsvormen": ["pgb"], "mpt_kosten_per_jaar": -1},
    ):
        with pytest.raises(ValidationError):
            parse_inbound(aanvraag(**fout))


def test_elk_type_heeft_een_schema_en_parse_event_kent_ze_allemaal() -> None:
    typen = event_types()
    assert len(typen) >= 32  # 22 before the zorgtoewijzing (events/toewijzing.py: 4 inbound, 6 decisions)
    assert {"ToewijzingAangevraagd", "AanvangZorgGemeld", "MutatieZorgGemeld", "RetourOntvangen", "ZorgToegewezen"} <= set(typen)
    assert {"BehandelingAangevraagd", "BehandelingToegekend", "AdlPgbAangevraagd", "AdlPgbToegekend"} <= set(typen)  # art. 5.1b, 9.3d
    for klasse in typen.values():
        assert klasse.model_json_schema()["type"] == "object"
    assert parse_event(json.loads(_indicatie())).event_type == "IndicatieOntvangen"
