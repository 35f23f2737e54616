"""Round trips through the service: IO31 -> decision -> AW33 + CA317, AW39 -> CA319, every message made
valid against its XSD; a report naming no toewijzing is refused and leaves nothing in the store."""

from __future__ import annotations

from datetime import date

import pytest

from events import DecisionEvent, InboundEvent
from services.adapters.iwlz.export import exporteer
from services.adapters.iwlz.receive import Received, ontvang
from services.adapters.iwlz.schemas import lees, valideer
from services.application import WlzService
from tests.conftest import aanvraag, bericht
from tests.iwlz.berichten import aw35, aw39
from tests.iwlz.voorbeelden import AANBIEDER, BSN, io31

VANDAAG = date(2020, 3, 2)


def _ontvang(service: WlzService, xml: bytes) -> Received:
    def verwerk(events: list[InboundEvent]) -> list[DecisionEvent]:
        return [besluit for event in events for besluit in service.verwerk(event)]

    return ontvang(xml, verwerk, lambda bsn: service.toestand(service.case_id(bsn)), VANDAAG)


def toewijzing(aanbieder: str = AANBIEDER, van: str = "2020-03-01", vorm: str = "verblijf") -> InboundEvent:
    return bericht("ToewijzingAangevraagd", {"bsn": BSN, "zorgaanbieder": aanbieder, "leveringsvorm": vorm, "ingangsdatum": van})


@pytest.fixture
def toegewezen(service: WlzService) -> WlzService:
    uitkomst = _ontvang(service, io31())
    assert uitkomst.fout is None and [e.event_type for e in uitkomst.events] == ["IndicatieOntvangen"]
    assert [b.event_type for b in service.verwerk(aanvraag(["verblijf"], "2020-03-01"))] == ["LeveringsvormToegekend"]
    [besluit] = service.verwerk(toewijzing())
    assert besluit.event_type == "ZorgToegewezen"
    return service


def test_io31_besluit_aw33_is_xsd_geldig(toegewezen: WlzService) -> None:
    export = exporteer(toegewezen)
    assert export.niet_gemaakt == []
    [(_, aw33)] = export.berichten
    assert aw33.soort == "AW33" and aw33.ontvanger == AANBIEDER
    assert valideer("AW33", aw33.xml) == []
    zzp = lees(aw33.xml).data["Clienten"]["Client"][0]["Indicatie"]["ToegewezenZorgzwaartepakketten"]["ToegewezenZorgzwaartepakket"][0]
    assert (zzp["ZzpCode"], zzp["Instelling"], zzp["Zorgkantoor"], zzp["Leveringsvorm"]) == ("754", AANBIEDER, "5509", "4")
    assert (zzp["Ingangsdatum"], zzp["ToewijzingPercentage"]) == ("2020-03-01", 10000)


def test_aw35_wordt_zorglevering_gestart_en_ca317(toegewezen: WlzService) -> None:
    uitkomst = _ontvang(toegewezen, aw35())
    assert uitkomst.fout is None
    assert [b.event_type for b in uitkomst.besluiten] == ["ZorgleveringGestart"]
    assert uitkomst.retour_soort == "AW36" and uitkomst.retour is not None and valideer("AW36", uitkomst.retour) == []
    [ca317] = [u for _, u in exporteer(toegewezen).berichten if u.soort == "CA317"]
    assert valideer("CA317", ca317.xml) == []
    zorg = lees(ca317.xml).data["Clienten"]["Client"][0]["ZorgLeveringen"]["GeleverdeZorg"][0]
    assert (zorg["Startdatum"], zorg["ZzpCode"], zorg["Instelling"], zorg["Leveringsvorm"]) == ("2020-03-02", "754", AANBIEDER, "4")


def test_aw39_einde_wordt_ca319(toegewezen: WlzService) -> None:
    _ontvang(toegewezen, aw35())
    uitkomst = _ontvang(toegewezen, aw39(mutatiecode="19", mutatiedatum="2020-09-30"))
    assert uitkomst.fout is None
    [einde] = uitkomst.besluiten
    assert einde.event_type == "ZorgleveringBeeindigd"
    assert uitkomst.retour is not None and valideer("AW310", uitkomst.retour) == []
    [ca319] = [u for _, u in exporteer(toegewezen).berichten if u.soort == "CA319"]
    assert valideer("CA319", ca319.xml) == []
    mutatie = lees(ca319.xml).data["Clienten"]["Client"][0]["MutatiesZorg"]["MutatieZorg"][0]
    assert (mutatie["Mutatiecode"], mutatie["Mutatiedatum"]) == ("19", "2020-09-30")
    toestand = toegewezen.toestand(toegewezen.case_id(BSN))
    assert toestand is not None and toestand.toewijzingen[0].periode.tot == date(2020, 9, 30)


def test_melding_zonder_toewijzing_wordt_geweigerd_en_niets_opgeslagen(toegewezen: WlzService) -> None:
    voor = toegewezen.recorder.max_notification_id()
    uitkomst = _ontvang(toegewezen, aw35(toewijzing_ingang="2020-04-01"))
    assert uitkomst.fout is not None
    assert uitkomst.fout.bericht_id == "AW35-0001"
    assert uitkomst.fout.pad.startswith("/Bericht/Clienten/Client[1]")
    assert "geen toewijzing" in uitkomst.fout.regel
    assert toegewezen.recorder.max_notification_id() == voor
    assert uitkomst.retour is not None and b"<aw36:RetourCode>0233</aw36:RetourCode>" in uitkomst.retour


def test_wissel_van_zorgaanbieder_is_een_eigen_besluit_met_twee_aw33(toegewezen: WlzService) -> None:
    [wissel] = toegewezen.verwerk(toewijzing("87654321", "2020-06-01"))
    assert wissel.event_type == "ZorgaanbiederGewisseld"
    assert wissel.payload.oud.einddatum == date(2020, 5, 31)  # type: ignore[union-attr]
    aw33s = [u for _, u in exporteer(toegewezen).berichten if u.soort == "AW33"]
    assert [u.ontvanger for u in aw33s] == [AANBIEDER, AANBIEDER, "87654321"]
    for u in aw33s:
        assert valideer("AW33", u.xml) == []
    oud = lees(aw33s[1].xml).data["Clienten"]["Client"][0]["Indicatie"]["ToegewezenZorgzwaartepakketten"]["ToegewezenZorgzwaartepakket"][0]
    assert (oud["Einddatum"], oud["RedenIntrekking"]) == ("2020-05-31", "7")


def test_geen_toewijzing_zonder_toegekende_natura_leveringsvorm(service: WlzService) -> None:
    _ontvang(service, io31())
    service.verwerk(aanvraag(["pgb"], "2020-03-01"))
    [afwijzing] = service.verwerk(toewijzing())
    assert afwijzing.event_type == "ToewijzingAfgewezen"
    assert afwijzing.payload.artikel == "3.3.1 Wlz"  # type: ignore[union-attr]
    assert "geen verblijf toegekend" in afwijzing.payload.reden  # type: ignore[union-attr]


def test_zelfde_io31_twee_keer_een_indicatie(service: WlzService) -> None:
    _ontvang(service, io31())
    assert _ontvang(service, io31()).besluiten == []
    assert len(service.historie(service.case_id(BSN))) == 1
