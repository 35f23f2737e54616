"""The CAK and SVB feed records derived from decisions (pure mapping, no Kafka)."""

from __future__ import annotations

from datetime import date

from events.feeds import CakZorgmutatie, SvbBudgetmutatie
from services.application import WlzService
from services.feeds import feed_records
from services.regeling.geld import euro, pro_rata
from tests.conftest import BSN, aanvraag, bericht, indicatie


def feeds(service: WlzService) -> list[object]:
    _, berichten = service.berichten_na(0)
    uit: list[object] = []
    for _, b in berichten:
        uit += feed_records(b, BSN)
    return uit


AANBIEDER = "12345678"
MPT_TOEWIJZING = {
    "bsn": BSN,
    "indicatiebesluit_id": "CIZ-6VG-2020-01-01",
    "zorgprofiel": "6VG",
    "zorgaanbieder": AANBIEDER,
    "toewijzing_ingangsdatum": "2020-01-01",
    "leveringsvorm": "mpt",
}


def test_wissel_van_mpt_naar_pgb_en_einde_zorg_geeft_maz_mez_en_svb_budgetten(service: WlzService) -> None:
    service.verwerk(indicatie("6VG"))
    service.verwerk(aanvraag(["mpt"], begeleiding_groeps="nee", mpt_kosten_per_jaar=euro(30_000)))
    # zorg in natura: the MAZ and MEZ come per toewijzing, from the zorgaanbieder's start and end of delivery
    toewijzing = {"bsn": BSN, "zorgaanbieder": AANBIEDER, "leveringsvorm": "mpt", "ingangsdatum": "2020-01-01"}
    service.verwerk(bericht("ToewijzingAangevraagd", toewijzing))
    service.verwerk(bericht("AanvangZorgGemeld", {**MPT_TOEWIJZING, "begindatum": "2020-01-06"}))
    service.verwerk(bericht("MutatieZorgGemeld", {**MPT_TOEWIJZING, "mutatiecode": "19", "mutatiedatum": "2020-08-31"}))
    service.verwerk(aanvraag(["pgb"], "2020-09-01", begeleiding_groeps="nee", gewaarborgde_hulp=True))
    service.verwerk(bericht("IndicatieBeeindigd", {"bsn": BSN, "indicatiebesluit_id": "CIZ-6VG-2020-01-01", "einddatum": "2020-11-30"}))
    records = feeds(service)

    cak = [r.payload for r in records if isinstance(r, CakZorgmutatie)]
    assert [
        (m.melding, m.leveringsvormen[0].leveringsvorm.value, m.leveringsvormen[0].iwlz_code, m.ingangsdatum, m.einddatum) for m in cak
    ] == [
        ("MAZ", "mpt", 7, date(2020, 1, 6), None),
        ("MEZ", "mpt", 7, date(2020, 1, 6), date(2020, 8, 31)),
        ("MAZ", "pgb", 2, date(2020, 9, 1), None),
        ("MEZ", "pgb", 2, date(2020, 9, 1), date(2020, 11, 30)),
    ]
    assert all(m.bsn == BSN and not m.verblijf for m in cak)
    assert [m.zorgaanbieder for m in cak] == [AANBIEDER, AANBIEDER, None, None]
    assert cak[0].toewijzing_id is not None and cak[0].toewijzing_id == cak[1].toewijzing_id

    svb = [r.payload for r in records if isinstance(r, SvbBudgetmutatie)]
    # 6VG "nee" 40.684 a year; PGB from 1 September: 122 days, then ended 30 November: 91 days
    assert [(s.jaar, s.ingangsdatum, s.pgb_bedrag, s.gewaarborgde_hulp) for s in svb] == [
        (2020, date(2020, 9, 1), pro_rata(euro(40_684), date(2020, 9, 1), date(2020, 12, 31)), True),
        (2020, date(2020, 11, 30), pro_rata(euro(40_684), date(2020, 9, 1), date(2020, 11, 30)), True),
    ]


def test_feed_ids_zijn_afgeleid_en_stabiel(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"))
    service.verwerk(aanvraag(["pgb", "deeltijdverblijf"], deeltijdverblijf_etmalen=7))
    eerst, tweede = feeds(service), feeds(service)
    assert [r.event_id for r in eerst] == [r.event_id for r in tweede]  # type: ignore[attr-defined]
    [maz] = [r.payload for r in eerst if isinstance(r, CakZorgmutatie)]
    assert maz.verblijf and maz.deeltijdverblijf_etmalen == 7
    assert feed_records({"event_type": "BudgetVastgesteld"}, None) == []
