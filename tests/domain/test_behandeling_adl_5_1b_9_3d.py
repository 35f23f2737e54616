"""Issue 13 item 8: art. 5.1b (behandeling) and art. 9.3d with Bijlage I (ADL-woning) reached by inbound
requests. Each test quotes the sentence it follows; amounts worked out by hand from Bijlage H and I 2020."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from events import besluiten as b
from services.application import WlzService
from services.regeling.geld import euro
from tests.conftest import BSN, aanvraag, bericht, indicatie


def _budget(besluiten: list) -> b.BudgetVastgesteldPayload:  # type: ignore[type-arg]
    return [x for x in besluiten if isinstance(x, b.BudgetVastgesteld)][-1].payload


def _behandeling(**velden: Any) -> Any:
    payload = {
        "bsn": BSN,
        "ingangsdatum": "2020-01-01",
        "ontvangstdatum": "2020-01-01",
        "zorgvorm": "behandeling_groep",
        "kosten_per_jaar": euro(15_000),
        "normatief_kader_per_jaar": euro(10_000),
        "zorgkosten_per_jaar": euro(60_000),
        **velden,
    }
    return bericht("BehandelingAangevraagd", payload)


def _adl(functies: list[dict[str, Any]], van: str = "2020-01-01", **velden: Any) -> Any:
    return bericht("AdlPgbAangevraagd", {"bsn": BSN, "ingangsdatum": van, "ontvangstdatum": van, "functies": functies, **velden})


# --- art. 5.1b ------------------------------------------------------------------------------------


def test_art_5_1b_kader_plus_25_procent_dan_ruimte_in_het_basisbedrag(service: WlzService) -> None:
    # Art. 5.1b lid 2: "... door verhoging van het normatief kader ... met ten hoogste 25%"; lid 4: "... kan de
    # Wlz-uitvoerder het meerdere toekennen indien er ruimte resteert binnen het beschikbare basisbedrag,
    # eventueel verhoogd door toepassing van artikel 5.1a."
    # 6VG "ja, met vervoer": 4.993 + 0 + 31.959 + 23.427 + 3.732 = 64.111; MPT 20.000, PGB 44.111.
    # Behandeling costs 15.000 against a frame of 10.000: within the frame + 25% = 12.500 (on top of the
    # basisbedrag, MPT part); the other 2.500 from room left: 64.111 - 60.000 (the other care) = 4.111.
    # Budget: total 64.111 + 12.500 = 76.611; MPT 20.000 + 12.500 + 2.500 = 35.000; PGB 64.111 - 20.000
    # - 2.500 = 41.611 (and 35.000 + 41.611 = 76.611).
    service.verwerk(indicatie("6VG"))
    service.verwerk(aanvraag(["mpt", "pgb"], begeleiding_groeps="ja_met_vervoer", mpt_kosten_per_jaar=euro(20_000)))
    besluiten = service.verwerk(_behandeling())
    assert [x.event_type for x in besluiten] == ["BehandelingToegekend", "BudgetVastgesteld"]
    p = besluiten[0].payload
    assert (p.binnen_kader_per_jaar, p.uit_basisbedrag_per_jaar, p.niet_gedekt_per_jaar) == (euro(12_500), euro(2_500), 0)
    assert p.artikelen == ["5.1b lid 1", "5.1b lid 2", "5.1b lid 4"]
    budget = _budget(besluiten)
    assert (budget.totaal, budget.mpt_deel, budget.pgb_deel) == (euro(76_611), euro(35_000), euro(41_611))


def test_art_5_1b_niet_gedekt_deel_wordt_niet_toegekend(service: WlzService) -> None:
    # the other care costs 63.611: room 64.111 - 63.611 = 500; 2.500 above the frame, 500 from the room,
    # 2.000 not granted
    service.verwerk(indicatie("6VG"))
    service.verwerk(aanvraag(["mpt", "pgb"], begeleiding_groeps="ja_met_vervoer", mpt_kosten_per_jaar=euro(20_000)))
    p = service.verwerk(_behandeling(zorgkosten_per_jaar=euro(63_611)))[0].payload
    assert (p.binnen_kader_per_jaar, p.uit_basisbedrag_per_jaar, p.niet_gedekt_per_jaar) == (euro(12_500), euro(500), euro(2_000))


def test_art_5_1b_geen_behandeling_bij_alleen_een_pgb(service: WlzService) -> None:
    # Toelichting 5.1b: "De verzekerde kan niet via pgb behandeling inkopen"
    service.verwerk(indicatie("6VG"))
    service.verwerk(aanvraag(["pgb"], begeleiding_groeps="ja_met_vervoer"))
    besluiten = service.verwerk(_behandeling())
    assert [x.event_type for x in besluiten] == ["BehandelingAfgewezen"]
    assert besluiten[0].payload.artikelen == ["5.1b lid 1"]


def test_art_5_1b_alleen_behandeling_slechte_invoer_noemt_veld_en_regel() -> None:
    with pytest.raises(ValidationError) as fout:
        _behandeling(zorgvorm="begeleiding_groep")
    assert "zorgvorm" in str(fout.value) and "art. 5.1b" in str(fout.value)


# --- art. 9.3d and Bijlage I ----------------------------------------------------------------------


def test_art_9_3d_lid_5_som_van_bijlage_i(service: WlzService) -> None:
    # Art. 9.3d lid 5: "Een persoonsgebonden budget dat voor meerdere vormen van zorg wordt verleend, bedraagt
    # ten hoogste de som van de met behulp van de in Bijlage I bepaalde bedragen."
    # persoonlijke verzorging klasse 3: 8.677 + begeleiding individueel klasse 2: 6.280 + 10 etmalen
    # kortdurend verblijf x 113 = 1.130 -> 16.087. Open-ended: ends 30 June 2020 (lid 1 onder b).
    service.verwerk(indicatie("5VV"))
    functies = [{"functie": "persoonlijke_verzorging", "klasse": 3}, {"functie": "begeleiding_individueel", "klasse": 2}]
    besluiten = service.verwerk(_adl(functies, kortdurend_verblijf_etmalen=10))
    assert [x.event_type for x in besluiten] == ["AdlPgbToegekend"]
    p = besluiten[0].payload
    assert (p.bruto_per_jaar, p.bedrag_per_jaar, str(p.einddatum)) == (euro(16_087), euro(16_087), "2020-06-30")


def test_art_9_3d_lid_6_boven_300_per_dag_begrensd(service: WlzService) -> None:
    # Art. 9.3d lid 6: "Indien toepassing van het eerste tot en met het derde lid leidt tot een verlening van een
    # bruto persoonsgebonden budget van meer dan € 300 per dag, beperkt het zorgkantoor de maximum verlening tot
    # de kosten van verblijf, onder aftrek van de woonlasten, met een minimum van € 300 per dag."
    # PV klasse 8: 35.500 + verpleging klasse 7: 51.295 + BI klasse 8: 47.108 = 133.903 > 300 x 366 = 109.800.
    service.verwerk(indicatie("5VV"))
    functies = [
        {"functie": "persoonlijke_verzorging", "klasse": 8},
        {"functie": "verpleging", "klasse": 7},
        {"functie": "begeleiding_individueel", "klasse": 8},
    ]
    p = service.verwerk(_adl(functies))[0].payload
    assert (p.bruto_per_jaar, p.maximum_per_jaar, p.bedrag_per_jaar) == (euro(133_903), euro(109_800), euro(109_800))
    assert "9.3d lid 6" in p.artikelen


def test_art_9_3d_hoogste_klasse_plus_extra_per_eenheid(service: WlzService) -> None:
    # Bijlage I: persoonlijke verzorging klasse 9 = klasse 8 (35.500) + 2 x the additional 1.577 = 38.654
    service.verwerk(indicatie("5VV"))
    p = service.verwerk(_adl([{"functie": "persoonlijke_verzorging", "klasse": 9, "extra_eenheden": 2}]))[0].payload
    assert p.bedrag_per_jaar == euro(38_654)


def test_art_9_3d_lid_1_onder_b_niet_na_30_juni_2020(service: WlzService) -> None:
    # onderdeel AA: "In het eerste lid, onderdeel b, wordt '31 december 2019' vervangen door '30 juni 2020'"
    service.verwerk(indicatie("5VV"))
    besluiten = service.verwerk(_adl([{"functie": "verpleging", "klasse": 2}], van="2020-07-01"))
    assert [x.event_type for x in besluiten] == ["AdlPgbAfgewezen"]
    assert besluiten[0].payload.artikelen == ["9.3d lid 1 onder b"] and "2020-06-30" in besluiten[0].payload.reden


def test_art_9_3d_functie_dubbel_is_slechte_invoer() -> None:
    with pytest.raises(ValidationError) as fout:
        _adl([{"functie": "verpleging", "klasse": 2}, {"functie": "verpleging", "klasse": 3}])
    assert "functies" in str(fout.value) and "9.3d" in str(fout.value)
