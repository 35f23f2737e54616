"""Erasure (art. 17 AVG) reaches the IO31 client block too: it is personal data, encrypted per person,
and after `wis_persoon` no AW33, CA317 or CA319 is made for that client any more."""

from __future__ import annotations

from datetime import date

from events import inbound as i
from services.adapters.iwlz.export import exporteer
from services.adapters.iwlz.io31 import indicaties
from services.adapters.iwlz.schemas import lees
from services.application import WlzService
from tests.conftest import aanvraag, bericht
from tests.iwlz.voorbeelden import AANBIEDER, BSN, io31


def test_clientblok_versleuteld_en_gewist(service: WlzService) -> None:
    [indicatie] = indicaties(lees(io31()))
    service.verwerk(indicatie)
    service.verwerk(aanvraag(["verblijf"], "2020-03-01"))
    toewijzing = {"bsn": BSN, "zorgaanbieder": AANBIEDER, "leveringsvorm": "verblijf", "ingangsdatum": "2020-03-01"}
    service.verwerk(bericht("ToewijzingAangevraagd", toewijzing))
    assert len(exporteer(service).berichten) == 1
    opgeslagen = (service.settings.data_dir / "wlz.sqlite").read_bytes()
    assert b"Jansen" not in opgeslagen and b"3511AA" not in opgeslagen  # name and postcode only encrypted

    service.wis_persoon(service.case_id(BSN), "verzoek van de verzekerde", date(2020, 4, 1))
    [gelezen] = [e for e in service.historie(service.case_id(BSN)) if isinstance(e, i.IndicatieOntvangen)]
    assert gelezen.payload.iwlz_client is None
    assert exporteer(service).berichten == []


def test_de_publisher_vergeet_de_persoon_bij_de_wissing(service: WlzService) -> None:
    """The iWlz publisher keeps each case's person (BSN, birth date, client block) in memory to address
    later decisions; the erasure event takes it out of that memory at once, not at the next restart."""
    from services.adapters.iwlz.outbound import Personen

    [indicatie] = indicaties(lees(io31()))
    service.verwerk(indicatie)
    case_id = str(service.case_id(BSN))
    personen = Personen()
    for _, gelezen in service.berichten_na(0, 1000)[1]:
        personen.zie(gelezen)
    gevonden = personen.van(case_id)
    assert gevonden is not None and gevonden.bsn == BSN
    service.wis_persoon(service.case_id(BSN), "verzoek van de verzekerde", date(2020, 4, 1))
    for _, gelezen in service.berichten_na(0, 1000)[1]:
        if gelezen.get("event_type") == "PersoonsgegevensGewist":
            personen.zie(gelezen)
    assert personen.van(case_id) is None
