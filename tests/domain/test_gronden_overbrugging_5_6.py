"""Issue 13 items 6, 7 and 9 through the service: every ground of a refusal, a missing rule set said as
such, overbruggingszorg for every profile (art. 5.3 lid 1), and the whole list of art. 5.6 onder a.
Each test quotes the sentence of the Regeling it follows; amounts worked out by hand from Bijlage H 2020."""

from __future__ import annotations

import pytest

from events import besluiten as b
from services.application import WlzService
from services.regeling.geld import euro
from tests.conftest import aanvraag, indicatie


def _afwijzing(besluiten: list) -> b.Afwijzing:  # type: ignore[type-arg]
    assert besluiten[0].event_type.endswith("Afgewezen"), [x.event_type for x in besluiten]
    payload: b.Afwijzing = besluiten[0].payload
    return payload


def _budget(besluiten: list) -> b.BudgetVastgesteldPayload:  # type: ignore[type-arg]
    return [x for x in besluiten if isinstance(x, b.BudgetVastgesteld)][-1].payload


# --- item 9: every ground cited ------------------------------------------------------------------


def test_art_2_5_lid_1_en_art_5_2_lid_1_lvg_met_deeltijdverblijf_beide_gronden(service: WlzService) -> None:
    # Art. 2.5 lid 1 (Toelichting F): LVG "uitsluitend aanspraak op zorg met verblijf in de instelling";
    # art. 5.2 lid 1: "Deeltijdverblijf is uitgesloten voor de verzekerde die ... is aangewezen op zorg
    # behorend bij een zorgprofiel behorend bij de sector GGZ-B, LVG of SGLVG". Both apply; both are named.
    # 1LVG has a Bijlage H row (ja, zonder vervoer: 4.993 + 0 + 18.750 + 2.724 + 3.732 = 30.199), so no
    # third ground of art. 5.1 lid 2
    service.verwerk(indicatie("1LVG"))
    p = _afwijzing(
        service.verwerk(aanvraag(["mpt", "deeltijdverblijf"], deeltijdverblijf_etmalen=7, begeleiding_groeps="ja_zonder_vervoer"))
    )
    assert p.artikelen == ["2.5 lid 1", "5.2 lid 1"]
    assert [g.artikel for g in p.gronden] == ["2.5 lid 1", "5.2 lid 1"]
    assert p.artikel == "2.5 lid 1"  # the first, for consumers of version 1


def test_art_5_2_lid_1_en_lid_3_deeltijd_met_logeeropvang_beide_gronden(service: WlzService) -> None:
    # Art. 5.2 lid 1 (LVG) and lid 3: "De Wlz-uitvoerder wijst de aanvraag van een modulair pakket thuis af
    # ... indien naast deeltijdverblijf ontlasting van de mantelzorg noodzakelijk is door middel van logeeropvang"
    # 3LVG has no Bijlage H row at all: art. 5.1 lid 2 is a ground too
    service.verwerk(indicatie("3LVG"))
    p = _afwijzing(service.verwerk(aanvraag(["mpt", "deeltijdverblijf"], deeltijdverblijf_etmalen=7, logeeropvang=True)))
    assert p.artikelen == ["2.5 lid 1", "5.1 lid 2", "5.2 lid 1", "5.2 lid 3"]
    assert p.ontbreekt == "Bijlage H 2020: 3LVG"


def test_datum_zonder_regelset_is_geen_artikel_maar_een_ontbrekende_regelset(service: WlzService) -> None:
    service.verwerk(indicatie("5VV", "2019-06-01"))
    p = _afwijzing(service.verwerk(aanvraag(["pgb"], "2019-06-01")))
    assert p.artikelen == [] and p.artikel == ""
    assert [(g.artikel, g.ontbreekt) for g in p.gronden] == [(None, "regelset voor 2019-06-01")]
    assert p.ontbreekt == "regelset voor 2019-06-01" and p.regelset == "geen"


def test_wlz_3_2_1_en_ontbrekende_regelset_samen_genoemd(service: WlzService) -> None:
    # no indication (Wlz art. 3.2.1) and no rule set for 2019: two grounds, the second not an article
    p = _afwijzing(service.verwerk(aanvraag(["pgb"], "2019-06-01")))
    assert p.artikelen == ["3.2.1 Wlz"]
    assert [(g.artikel, g.ontbreekt) for g in p.gronden] == [("3.2.1 Wlz", None), (None, "regelset voor 2019-06-01")]


# --- item 7: art. 5.3 overbruggingszorg for every profile -----------------------------------------


def test_art_5_3_lid_1_overbrugging_ook_voor_5vv(service: WlzService) -> None:
    # Art. 5.3 lid 1: "De Wlz-uitvoerder verleent een volledig pakket thuis of een modulair pakket thuis als
    # bedoeld in artikel 3.3.6 van de wet, ook indien de zorg ... niet op doelmatige wijze kan worden verleend
    # indien: a. de zorg op verantwoorde wijze kan worden verleend; b. de zorg niet langer wordt verleend dan
    # gedurende ten hoogste dertien weken." No sector is named: a 5VV client waiting for a place gets it.
    # 13 weeks from 1 April 2020 = 91 days = up to and including 30 June 2020.
    service.verwerk(indicatie("5VV"))
    besluiten = service.verwerk(aanvraag(["vpt"], "2020-04-01", einddatum="2020-06-30", overbrugging=True))
    assert [x.event_type for x in besluiten] == ["LeveringsvormToegekend"]
    p = besluiten[0].payload
    assert "5.3" in p.artikelen and "2.5 lid 2" not in p.artikelen
    assert p.basisbedrag_per_jaar == 0  # art. 5.3 lid 2: art. 5.1 ... "niet van toepassing"


def test_art_5_3_lid_1_onder_b_overbrugging_5vv_niet_langer_dan_dertien_weken(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"))
    p = _afwijzing(service.verwerk(aanvraag(["mpt"], "2020-04-01", einddatum="2020-07-01", overbrugging=True)))
    assert p.artikelen == ["5.3 lid 1 onder b"] and "2020-06-30" in p.reden


def test_art_5_3_lid_1_overbrugging_is_vpt_of_mpt_geen_pgb(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"))
    p = _afwijzing(service.verwerk(aanvraag(["pgb"], "2020-04-01", einddatum="2020-05-31", overbrugging=True, gewaarborgde_hulp=True)))
    assert p.artikelen == ["5.3 lid 1"]


def test_art_2_5_lid_2_overbrugging_lvg_rust_ook_op_2_5_lid_2(service: WlzService) -> None:
    # Art. 2.5 lid 2: "In afwijking van het eerste lid heeft de verzekerde recht op zorg indien hij is
    # aangewezen op behandeling van gedragsproblematiek en de Wlz-uitvoerder op grond van artikel 5.3 een
    # volledig pakket thuis of een modulair pakket thuis verleent"
    service.verwerk(indicatie("3LVG"))
    p = service.verwerk(aanvraag(["mpt"], "2020-04-01", einddatum="2020-06-30", overbrugging=True))[0].payload
    assert "5.3" in p.artikelen and "2.5 lid 2" in p.artikelen


# --- item 6: art. 5.6 onder a, the whole list -----------------------------------------------------

ART_5_6 = [
    # (profile, Bijlage H 2020 row total: persoonlijke verzorging + verpleging + begeleiding individueel
    #  + begeleiding groeps + huishoudelijke hulp, begeleiding groeps "nvt"/"nee")
    ("4VV", 14_131 + 8_549 + 12_126 + 0 + 3_732),  # 38.538
    ("5VV", 14_131 + 15_673 + 18_750 + 0 + 3_732),  # 52.286
    ("6VV", 14_131 + 15_673 + 18_750 + 0 + 3_732),  # 52.286
    ("7VV", 14_131 + 15_673 + 31_959 + 0 + 3_732),  # 65.495
    ("4VG", 4_993 + 1_423 + 25_334 + 0 + 3_732),  # 35.482
    ("5VG", 14_131 + 4_274 + 25_334 + 0 + 3_732),  # 47.471
    ("6VG", 4_993 + 0 + 31_959 + 0 + 3_732),  # 40.684
    ("7VG", 14_131 + 1_423 + 39_668 + 0 + 3_732),  # 58.954
    ("8VG", 29_898 + 8_549 + 12_126 + 0 + 3_732),  # 54.305
]


@pytest.mark.parametrize(("code", "totaal"), ART_5_6)
def test_art_5_6_onder_a_gewaarborgde_hulp_verplicht_hele_lijst(service: WlzService, code: str, totaal: int) -> None:
    # Art. 5.6 (onderdeel a as in force in 2020): "Tenzij de verzekerde beschikt over gewaarborgde hulp, wordt
    # een persoonsgebonden budget niet verleend aan een verzekerde die is aangewezen op zorgprofiel: ..."
    variant = "nvt" if code.endswith("VV") else "nee"
    service.verwerk(indicatie(code))
    p = _afwijzing(service.verwerk(aanvraag(["pgb"], begeleiding_groeps=variant, gewaarborgde_hulp=False)))
    assert p.artikelen == ["5.6 onder a"]
    budget = _budget(service.verwerk(aanvraag(["pgb"], begeleiding_groeps=variant, gewaarborgde_hulp=True)))
    assert budget.pgb_deel == euro(totaal)


def test_art_5_6_onder_a_8vv_staat_niet_op_de_lijst(service: WlzService) -> None:
    # 8VV (nadruk op verzorging/verpleging) is not in the list: 19.094 + 15.673 + 39.668 + 3.732 = 78.167
    service.verwerk(indicatie("8VV"))
    assert _budget(service.verwerk(aanvraag(["pgb"], gewaarborgde_hulp=False))).pgb_deel == euro(78_167)
