"""Art. 5.10 Rlz with Awb art. 4:25: the regional PGB plafond as a subsidieplafond, ranked by the date of
receipt of the aanvraagformulier. Pure rules and the register; the flows through the service are in
tests/domain/test_plafond.py.

Awb art. 4:25 lid 2: "Een subsidie wordt geweigerd voor zover door verstrekking van de subsidie het
subsidieplafond zou worden overschreden."
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from events import besluiten as b
from services.domain.plafondregister import RegisterStand, lezing, met_bedrag, te_herzien
from services.regeling.artikelen.subsidieplafond import toets_subsidieplafond
from services.regeling.geld import euro
from services.regeling.laden import plafonds

UTRECHT_2020 = plafonds(2020)[1]["Utrecht"].bedrag  # art. 8.12: Utrecht 173.032.260
A, B, C = UUID(int=1), UUID(int=2), UUID(int=3)


def _stand(plafond: int | None = UTRECHT_2020) -> RegisterStand:
    return RegisterStand("Utrecht", 2020, "8.12", plafond)


def test_utrecht_2020_plafond_uit_art_8_12() -> None:
    assert euro(173_032_260) == UTRECHT_2020


def test_awb_4_25_lid_2_gedeeltelijke_toekenning_in_centen() -> None:
    """Others received before hold EUR 173.000.000,00 of Utrecht's 173.032.260: room EUR 32.260,00. A 5VV
    PGB for all of 2020 (Bijlage H 2020: 52.286) is granted 32.260,00 and refused 52.286 - 32.260 = 20.026,00."""
    stand = met_bedrag(_stand(), B, euro(173_000_000), date(2020, 1, 2), uuid4())
    gelezen = lezing(stand, A, date(2020, 1, 6), "wettelijk")
    assert (gelezen.plafond, gelezen.eerder_toegewezen, gelezen.later_toegewezen) == (euro(173_032_260), euro(173_000_000), 0)
    toets = toets_subsidieplafond(gelezen, gevraagd=euro(52_286), al_toegekend=0)
    assert (toets.ruimte, toets.toegekend, toets.geweigerd) == (3_226_000, 3_226_000, 2_002_600)
    assert toets.artikelen == ["5.10", "4:25 lid 2 Awb"]
    assert "geweigerd € 20.026,00" in toets.toelichting


def test_binnen_het_plafond_volledig_toegekend() -> None:
    toets = toets_subsidieplafond(lezing(_stand(), A, date(2020, 1, 6), "wettelijk"), euro(52_286), 0)
    assert (toets.toegekend, toets.geweigerd) == (euro(52_286), 0)


def test_geen_ruimte_geen_nieuw_pgb_maar_wat_al_toegekend_is_blijft() -> None:
    stand = met_bedrag(_stand(euro(100_000)), B, euro(100_000), date(2020, 1, 2), uuid4())
    stand = met_bedrag(stand, A, euro(20_000), date(2020, 1, 1), uuid4())  # A already held 20.000 (received first)
    toets = toets_subsidieplafond(lezing(stand, A, date(2020, 3, 1), "wettelijk"), euro(30_000), euro(20_000))
    # room = 100.000 - 100.000 (B, received before 1 March) - 20.000 (A's own) < 0: nothing more
    assert (toets.toegekend, toets.geweigerd) == (euro(20_000), euro(10_000))
    verlaagd = toets_subsidieplafond(lezing(stand, A, date(2020, 3, 1), "wettelijk"), euro(15_000), euro(20_000))
    assert (verlaagd.toegekend, verlaagd.geweigerd) == (euro(15_000), 0)  # a lower PGB is no new verstrekking


def test_onzeker_plafond_geeft_geen_ruimte() -> None:
    """2018 Noord-Holland Noord: the source cannot be read, so no room is assumed (never a guessed plafond)."""
    toets = toets_subsidieplafond(lezing(_stand(None), A, date(2020, 1, 6), "wettelijk"), euro(10_000), 0)
    assert (toets.ruimte, toets.toegekend, toets.geweigerd) == (None, 0, euro(10_000))
    assert "onbekend" in toets.toelichting


def test_simulatie_zegt_dat_ze_niet_wettelijk_is() -> None:
    stand = met_bedrag(_stand(euro(1_000)), B, euro(1_000), date(2020, 1, 2), uuid4())
    toets = toets_subsidieplafond(lezing(stand, A, date(2020, 1, 6), "simulatie_zonder_plafond"), euro(52_286), 0)
    assert (toets.toegekend, toets.geweigerd, toets.artikelen) == (euro(52_286), 0, [])
    assert toets.toelichting.startswith("SIMULATIE") and "geen besluit volgens de wet" in toets.toelichting


def test_art_5_10_volgorde_van_ontvangst_niet_van_verwerking() -> None:
    """B (received 20 January) was decided first and took 52.286 of a 60.000 plafond. A, received 10
    January, arrives later: for A only requests received on or before 10 January count (Awb art. 4:25
    lid 3), so A gets its full 52.286; the overrun 52.286 + 52.286 - 60.000 = 44.572 is taken back from B,
    which keeps 52.286 - 44.572 = 7.714."""
    stand = met_bedrag(_stand(euro(60_000)), B, euro(52_286), date(2020, 1, 20), uuid4())
    gelezen = lezing(stand, A, date(2020, 1, 10), "wettelijk")
    assert (gelezen.eerder_toegewezen, gelezen.later_toegewezen) == (0, euro(52_286))
    toets = toets_subsidieplafond(gelezen, euro(52_286), 0)
    assert (toets.toegekend, toets.geweigerd) == (euro(52_286), 0)
    stand = met_bedrag(stand, A, toets.toegekend, date(2020, 1, 10), uuid4())
    assert te_herzien(stand, A, date(2020, 1, 10), toets.toegekend) == [(B, euro(44_572))]
    stand = met_bedrag(stand, B, euro(52_286) - euro(44_572), date(2020, 1, 20), uuid4())
    assert stand.totaal == euro(60_000) == stand.plafond
    assert stand.van(B) == euro(7_714)


def test_herziening_raakt_alleen_later_ontvangen_en_de_laatste_eerst() -> None:
    stand = _stand(euro(100))
    stand = met_bedrag(stand, B, euro(40), date(2020, 1, 5), uuid4())  # received before A: untouched
    stand = met_bedrag(stand, C, euro(60), date(2020, 1, 30), uuid4())  # received after A
    stand = met_bedrag(stand, A, euro(50), date(2020, 1, 10), uuid4())
    assert te_herzien(stand, A, date(2020, 1, 10), euro(50)) == [(C, euro(50))]


def test_overheveling_telt_in_het_plafond() -> None:
    overheveling = b.Overheveling(event_id=uuid4(), bedrag=-euro(173_000_000), referentie="NZa 2020/123", besluitdatum=date(2020, 4, 1))
    stand = RegisterStand("Utrecht", 2020, "8.12", UTRECHT_2020, (overheveling,))
    assert stand.plafond == euro(32_260)
    assert lezing(stand, A, date(2020, 5, 1), "wettelijk").overhevelingen == [overheveling]


def test_verlaging_haalt_de_laatst_ontvangen_tranche_eerst_weg() -> None:
    stand = met_bedrag(_stand(), A, euro(100), date(2020, 1, 1), uuid4())
    stand = met_bedrag(stand, A, euro(150), date(2020, 6, 1), uuid4())
    stand = met_bedrag(stand, A, euro(120), date(2020, 7, 1), uuid4())
    assert [(t.ontvangstdatum.month, t.bedrag) for t in stand.toewijzingen[A]] == [(1, euro(100)), (6, euro(20))]
