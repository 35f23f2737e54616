"""Retours on our messages (AW34 on AW33, CA318 on CA317, CA320 on CA319) are read and recorded on the
case with every retourcode and its element path; the ones we send are valid against their XSD."""

from __future__ import annotations

from datetime import date

import pytest

from events import DecisionEvent, InboundEvent
from events.toewijzing import RetourOntvangen
from services.adapters.iwlz.export import exporteer
from services.adapters.iwlz.receive import ontvang
from services.adapters.iwlz.retour import retour_op
from services.adapters.iwlz.schemas import lees, valideer
from services.application import WlzService
from tests.conftest import aanvraag, bericht
from tests.iwlz.berichten import aw35, aw39
from tests.iwlz.voorbeelden import AANBIEDER, BSN, io31


def _ontvang(service: WlzService, xml: bytes) -> list[DecisionEvent]:
    def verwerk(events: list[InboundEvent]) -> list[DecisionEvent]:
        return [b for e in events for b in service.verwerk(e)]

    uitkomst = ontvang(xml, verwerk, lambda bsn: service.toestand(service.case_id(bsn)), date(2020, 10, 1))
    assert uitkomst.fout is None, uitkomst.fout
    return uitkomst.besluiten


@pytest.mark.parametrize(
    ("heen", "retour", "code"), [("AW33", "AW34", "0200"), ("CA317", "CA318", "0700"), ("CA319", "CA320", "1156")]
)
def test_retour_op_ons_bericht_wordt_vastgelegd(service: WlzService, heen: str, retour: str, code: str) -> None:
    _ontvang(service, io31())
    service.verwerk(aanvraag(["verblijf"], "2020-03-01"))
    toewijzing = {"bsn": BSN, "zorgaanbieder": AANBIEDER, "leveringsvorm": "verblijf", "ingangsdatum": "2020-03-01"}
    service.verwerk(bericht("ToewijzingAangevraagd", toewijzing))
    _ontvang(service, aw35())
    _ontvang(service, aw39())
    [ons] = [u for _, u in exporteer(service).berichten if u.soort == heen]
    antwoord = retour_op(lees(ons.xml), retour, code, date(2020, 10, 2))
    assert valideer(retour, antwoord) == []
    _ontvang(service, antwoord)
    [vastgelegd] = [e for e in service.historie(service.case_id(BSN)) if isinstance(e, RetourOntvangen)]
    p = vastgelegd.payload
    assert (p.bericht, p.heen, p.identificatie_retour) == (retour, heen, ons.identificatie)
    assert code in {c.code for c in p.retourcodes}
    assert all(c.pad.startswith("/Bericht/Clienten/Client[1]") for c in p.retourcodes)
