"""The same case read from IO31 or from JSON gives identical decisions: the adapter only translates."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid5

from events import DecisionEvent
from services.adapters.iwlz.io31 import indicaties
from services.adapters.iwlz.schemas import lees
from services.application import WlzService
from services.settings import Settings
from tests.conftest import BSN, NAMESPACE, aanvraag, bericht
from tests.iwlz.voorbeelden import io31

TIJD = datetime(2020, 3, 1, 12, tzinfo=UTC)


def _verloop(service: WlzService) -> list[DecisionEvent]:
    """The same requests (same event ids) after the indication."""
    besluiten: list[DecisionEvent] = []
    thuis = aanvraag(["mpt", "pgb"], "2020-03-01", mpt_kosten_per_jaar=1_000_000, zorgkosten_per_jaar=4_000_000)
    verzoeken = (
        thuis.payload.model_dump(mode="json"),
        {"bsn": BSN, "zorgaanbieder": "12345678", "leveringsvorm": "mpt", "ingangsdatum": "2020-03-01"},
        aanvraag(["verblijf"], "2020-07-01").payload.model_dump(mode="json", exclude_none=True),
        {"bsn": BSN, "zorgaanbieder": "87654321", "leveringsvorm": "verblijf", "ingangsdatum": "2020-07-01"},
    )
    for n, payload in enumerate(verzoeken):
        soort = "ToewijzingAangevraagd" if "zorgaanbieder" in payload else "LeveringsvormAangevraagd"
        besluiten.extend(service.verwerk(bericht(soort, payload, event_id=uuid5(NAMESPACE, f"verloop-{n}")), TIJD))
    return besluiten


def test_io31_en_json_geven_dezelfde_besluiten(tmp_path: Path) -> None:
    uit_xml = WlzService(Settings(data_dir=tmp_path / "xml"))
    uit_json = WlzService(Settings(data_dir=tmp_path / "json"))
    [via_io31] = indicaties(lees(io31()))
    uit_xml.verwerk(via_io31, TIJD)
    uit_json.verwerk(
        bericht(
            "IndicatieOntvangen",
            {
                "bsn": BSN,
                "indicatiebesluit_id": "123456",
                "zorgprofiel": "5VV",
                "geboortedatum": "1940-05-01",
                "regio": "Utrecht",
                "ingangsdatum": "2020-03-01",
                "grondslag": "02",
            },
        ),
        TIJD,
    )
    xml_besluiten = _verloop(uit_xml)
    json_besluiten = _verloop(uit_json)
    assert [b.event_type for b in xml_besluiten] == [
        "LeveringsvormToegekend",
        "BudgetVastgesteld",
        "ZorgToegewezen",
        "LeveringsvormBeeindigd",
        "LeveringsvormToegekend",
        "BudgetVastgesteld",
        "ZorgToegewezen",
    ]
    assert [b.model_dump(mode="json") for b in xml_besluiten] == [b.model_dump(mode="json") for b in json_besluiten]
