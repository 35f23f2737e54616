"""GGZ-W from 1 January 2021: the 2021 rule set (data/2021/, jaren/y2021.py) reaches the PGB exclusion of
art. 5.5 onder a, gewaarborgde hulp (art. 5.6 onder a), the under-18 exclusion and verblijf/VPT, and refuses
what needs an amount no held source fixes for 2021 (Bijlage H 2021, art. 5.13) naming exactly what is missing.

Sources quoted: seed 002 Toelichting onderdelen I, J en BB ("vijf nieuwe zorgprofielen ..., die vanaf
1 januari 2021 verzilverd kunnen worden"); art. 5.5 onder a as amended by onderdeel I.1 ("GGZ Beveiligd
wonen vanwege extreme gedragsproblematiek met zeer intensieve begeleiding"); art. 5.6 onder a as amended
by onderdeel J (GGZ-W 1-4); seed 000 ("Voor het zorgprofiel 5 GGZ-W is pgb niet mogelijk", "Jongeren onder
18 jaar zijn vooralsnog uitgesloten van de Wlz", "alle zorgvormen mogelijk voor de GGZ in de Wlz").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from events import besluiten as b
from events.codes import BegeleidingGroeps as G
from services.application import WlzService
from services.regeling.artikelen import Ontbreekt
from services.regeling.controle import controleer_bijlage_h
from services.regeling.laden import regelset_data
from services.regeling.model import BijlageHRij
from services.regeling.regelset import regelset_op
from tests.conftest import aanvraag, indicatie

D21 = regelset_data(2021)
R21 = regelset_op(date(2021, 1, 1))


def _een(service: WlzService, *berichten: object) -> list[b.LeveringsvormToegekend | b.LeveringsvormAfgewezen]:
    uit = []
    for x in berichten:
        uit = service.verwerk(x)  # type: ignore[arg-type]
    return uit  # type: ignore[return-value]


def test_regelset_2021_geldt_het_hele_jaar_2021() -> None:
    assert R21.data.jaar == 2021
    assert R21.versie.startswith("rlz-2021.1+")
    assert regelset_op(date(2021, 12, 31)) is R21
    assert regelset_op(date(2020, 12, 31)).data.jaar == 2020


def test_art_5_5_onder_a_ggz_w_5_geen_pgb_in_2021(service: WlzService) -> None:
    besluiten = _een(service, indicatie("GGZ-W 5", "2021-01-01", geboren="1980-05-05"), aanvraag(["pgb"], "2021-01-01"))
    assert [x.event_type for x in besluiten] == ["LeveringsvormAfgewezen"]
    assert besluiten[0].payload.artikel == "5.5 onder a"
    assert "5GGZW" in besluiten[0].payload.reden


def test_ggz_w_onder_18_uitgesloten_in_2021(service: WlzService) -> None:
    # born 2004-03-02: 16 years old on 2021-03-01 (seed 000: "Jongeren onder 18 jaar zijn vooralsnog uitgesloten")
    besluiten = _een(service, indicatie("GGZ-W 3", "2021-01-01", geboren="2004-03-02"), aanvraag(["verblijf"], "2021-03-01"))
    assert [x.event_type for x in besluiten] == ["LeveringsvormAfgewezen"]
    assert besluiten[0].payload.artikel == "3.2.1 Wlz (GGZ-W)"
    assert "jonger dan 18" in besluiten[0].payload.reden


def test_ggz_w_op_de_18e_verjaardag_niet_meer_uitgesloten(service: WlzService) -> None:
    # born 2003-03-01: exactly 18 on 2021-03-01
    besluiten = _een(service, indicatie("GGZ-W 3", "2021-01-01", geboren="2003-03-01"), aanvraag(["verblijf"], "2021-03-01"))
    assert [x.event_type for x in besluiten] == ["LeveringsvormToegekend"]


@pytest.mark.parametrize("vorm", ["verblijf", "vpt"])
def test_ggz_w_3_verblijf_en_vpt_toegekend_zonder_bijlage_h(service: WlzService, vorm: str) -> None:
    """Verblijf and VPT need no Bijlage H amount (art. 5.1 lid 2 is about MPT and PGB): granted in 2021."""
    besluiten = _een(service, indicatie("GGZ-W 3", "2021-01-01", geboren="1970-01-01"), aanvraag([vorm], "2021-02-01"))
    assert [x.event_type for x in besluiten] == ["LeveringsvormToegekend"]  # no budget: not a home budget
    p = besluiten[0].payload
    assert isinstance(p, b.LeveringsvormToegekendPayload)
    assert (p.zorgprofiel, p.basisbedrag_per_jaar, p.regelset[:11]) == ("3GGZW", 0, "rlz-2021.1+")
    assert [c.leveringsvorm.value for c in p.leveringsvormen] == [vorm]


def test_ggz_w_5_verblijf_toegekend(service: WlzService) -> None:
    besluiten = _een(service, indicatie("GGZ-W 5", "2021-01-01", geboren="1970-01-01"), aanvraag(["verblijf"], "2021-01-01"))
    assert [x.event_type for x in besluiten] == ["LeveringsvormToegekend"]


def test_art_5_1_lid_2_ggz_w_pgb_afgewezen_zonder_bijlage_h_2021_rij(service: WlzService) -> None:
    """GGZ-W 2 with gewaarborgde hulp passes art. 5.5 and 5.6; the basisbedrag needs the Bijlage H 2021
    row of 2GGZW, which no held source gives: refused naming that row and where to add it."""
    besluiten = _een(
        service, indicatie("GGZ-W 2", "2021-01-01", geboren="1970-01-01"), aanvraag(["pgb"], "2021-01-01", gewaarborgde_hulp=True)
    )
    assert [x.event_type for x in besluiten] == ["LeveringsvormAfgewezen"]
    p = besluiten[0].payload
    assert isinstance(p, b.LeveringsvormAfgewezenPayload)
    assert p.ontbreekt == "Bijlage H 2021: rij 2GGZW"
    assert p.artikel == "5.1 lid 2, Bijlage H"
    assert "Tarieventabel persoonsgebonden budget-Wlz 2021" in p.reden
    assert "services/regeling/data/README.md" in p.reden


def test_art_5_6_onder_a_ggz_w_1_pgb_zonder_gewaarborgde_hulp_afgewezen(service: WlzService) -> None:
    """The PGB articles come first: without gewaarborgde hulp the ground is art. 5.6, not the missing amount."""
    besluiten = _een(
        service, indicatie("GGZ-W 1", "2021-01-01", geboren="1970-01-01"), aanvraag(["pgb"], "2021-01-01", gewaarborgde_hulp=False)
    )
    assert [x.event_type for x in besluiten] == ["LeveringsvormAfgewezen"]
    assert besluiten[0].payload.artikel == "5.6 onder a"
    assert "gewaarborgde hulp" in besluiten[0].payload.reden


def test_art_5_6_onder_a_lijst_2021_is_ggz_w_1_tot_4() -> None:
    # the whole list of onderdeel a (4-7VV, 4-8VG) with GGZ-W 1-4 added by onderdeel J (seed 002)
    assert D21.parameters.gewaarborgde_hulp_verplicht == frozenset(
        {"4VV", "5VV", "6VV", "7VV", "4VG", "5VG", "6VG", "7VG", "8VG", "1GGZW", "2GGZW", "3GGZW", "4GGZW"}
    )
    assert D21.parameters.pgb_uitgesloten_zorgprofielen == frozenset({"5GGZW"})
    assert "GGZ-W" not in D21.parameters.alleen_verblijf_sectoren


def test_regelset_2021_heeft_geen_jaarbedragen_en_zegt_dat() -> None:
    assert D21.bijlage_h == {}
    assert D21.bijlage_i == {}
    assert set(D21.niet_beschikbaar) >= {
        "bijlage_h",
        "bijlage_i",
        "kleinschalig_wooninitiatief.verhoging",
        "kleinschalig_wooninitiatief.extra_verhoging_vv",
        "adl_woning.maximum_per_dag",
        "adl_woning.kortdurend_verblijf_per_etmaal",
    }
    assert "36950" in D21.niet_beschikbaar["kleinschalig_wooninitiatief.verhoging"].bron


@pytest.mark.parametrize(("zorgprofiel", "ontbreekt"), [("3VG", "art. 5.13 lid 1 voor 2021"), ("5VV", "art. 5.13 lid 1 voor 2021")])
def test_art_5_13_bedrag_2021_niet_beschikbaar_wordt_genoemd(zorgprofiel: str, ontbreekt: str) -> None:
    with pytest.raises(Ontbreekt) as fout:
        R21.kleinschalig_wooninitiatief(D21, zorgprofiel, False)
    assert fout.value.artikel == "5.13 lid 1"
    assert ontbreekt in fout.value.ontbreekt


def test_bijlage_h_2021_rij_ontbreekt_ook_voor_bestaande_profielen() -> None:
    with pytest.raises(Ontbreekt) as fout:
        R21.bijlage_h_rij(D21, "5VV", G.NVT)
    assert fout.value.ontbreekt == "Bijlage H 2021: rij 5VV"


# --- wlz data check on an operator's Bijlage H 2021 (services/regeling/controle.py) -------------------

D20 = regelset_data(2020)


def _ggzw_rij(code: str, totaal: int = 6_000_000) -> BijlageHRij:
    # a made-up row for the check only (the real 2021 amounts are not held): components add up to totaal
    return BijlageHRij(code, "GGZ-W", "", G.NVT, 0, 0, totaal - 373_200, 0, 373_200, totaal)


def _met_tabel(tabel: dict[tuple[str, G], BijlageHRij]) -> object:
    niet = {k: v for k, v in D21.niet_beschikbaar.items() if k != "bijlage_h"}
    return replace(D21, bijlage_h=tabel, niet_beschikbaar=niet)


def _fouten(data: object) -> list[str]:
    return [x.tekst for x in controleer_bijlage_h(data, D20) if x.fout]  # type: ignore[arg-type]


def test_data_check_bijlage_h_2020_klopt() -> None:
    assert [x.tekst for x in controleer_bijlage_h(D20, None) if x.fout] == []


def test_data_check_2021_niet_beschikbaar_is_een_melding_geen_fout() -> None:
    uit = controleer_bijlage_h(D21, D20)
    assert [x.fout for x in uit] == [False]
    assert "Bijlage H 2021 niet beschikbaar" in uit[0].tekst


def test_data_check_volledige_tabel_2021_klopt() -> None:
    tabel = dict(D20.bijlage_h) | {(f"{n}GGZW", G.NVT): _ggzw_rij(f"{n}GGZW") for n in (1, 2, 3, 4)}
    assert _fouten(_met_tabel(tabel)) == []


def test_data_check_mist_ggz_w_profiel_met_pgb_en_rij_van_vorig_jaar() -> None:
    tabel = dict(D20.bijlage_h) | {(f"{n}GGZW", G.NVT): _ggzw_rij(f"{n}GGZW") for n in (1, 3, 4)}
    del tabel[("5VV", G.NVT)]
    fouten = _fouten(_met_tabel(tabel))
    assert any("mist zorgprofiel 2GGZW" in f for f in fouten)
    assert any("mist rij 5VV/nvt" in f for f in fouten)
    assert not any("5GGZW" in f for f in fouten)  # art. 5.5 onder a: no PGB, so no row required


def test_data_check_rij_die_niet_optelt_en_groepsbegeleiding() -> None:
    tabel = dict(D20.bijlage_h) | {(f"{n}GGZW", G.NVT): _ggzw_rij(f"{n}GGZW") for n in (1, 2, 3, 4)}
    tabel[("1GGZW", G.NVT)] = replace(tabel[("1GGZW", G.NVT)], totaal=1)
    zonder = tabel[("6VG", G.JA_ZONDER_VERVOER)]
    tabel[("6VG", G.JA_MET_VERVOER)] = replace(tabel[("6VG", G.JA_MET_VERVOER)], begeleiding_groeps_bedrag=zonder.begeleiding_groeps_bedrag)
    fouten = _fouten(_met_tabel(tabel))
    assert any("1GGZW/nvt: componenten" in f for f in fouten)
    assert any("6VG: groepsbegeleiding met vervoer niet hoger" in f for f in fouten)
    assert any("6VG/ja_met_vervoer: componenten" in f for f in fouten)


def test_data_check_tabel_met_rijen_maar_nog_niet_beschikbaar_gemeld() -> None:
    fout = controleer_bijlage_h(replace(D21, bijlage_h=dict(D20.bijlage_h)), D20)
    assert fout[0].fout and "[niet_beschikbaar]" in fout[0].tekst


def test_wlz_data_check_zegt_wat_2021_mist_en_slaagt() -> None:
    from typer.testing import CliRunner

    from services.adapters.cli import app

    uit = CliRunner().invoke(app, ["data", "check"])
    assert uit.exit_code == 0, uit.output
    assert "Bijlage H 2020: 84 rijen, elke rij telt op, elk zorgprofiel aanwezig" in uit.output
    assert "Bijlage H 2021 niet beschikbaar" in uit.output
    assert "kleinschalig_wooninitiatief.verhoging (art. 5.13 lid 1" in uit.output
