"""The articles of the Regeling, one test (or more) per article, amounts worked out by hand from
Bijlage H 2020 in the test itself."""

from __future__ import annotations

from datetime import date

import pytest

from events.codes import BegeleidingGroeps as G
from events.codes import Leveringsvorm as L
from events.codes import ToeslagSoort, Zorgvorm
from services.regeling.artikelen import Ontbreekt, Weigering
from services.regeling.artikelen.adl import adl_functiebedrag, adl_pgb
from services.regeling.artikelen.basisbedrag import basisbedrag, bijlage_h_rij, pgb_deel, toets_deeltijdverblijf
from services.regeling.artikelen.behandeling import behandeling_ruimte
from services.regeling.artikelen.ekt import ekt_maximum, ekt_toekenning
from services.regeling.artikelen.leveringsvorm import (
    overbrugging_artikelen,
    toets_alleen_verblijf,
    toets_minderjarige_ggz_wonen,
    toets_overbrugging,
    zorgprofiel_op,
)
from services.regeling.artikelen.meerzorg import meerzorg_bedrag
from services.regeling.artikelen.pgb import kleinschalig_wooninitiatief, leeftijd_op, toets_pgb
from services.regeling.artikelen.toeslagen import einde_minderjarigheid, toets_dure_groepsbegeleiding, toets_toeslag
from services.regeling.geld import euro
from services.regeling.laden import regelset_data
from services.regeling.regelset import regelset_op

D = regelset_data(2020)


def rij(code: str, variant: G = G.NVT):  # type: ignore[no-untyped-def]
    return bijlage_h_rij(D, code, variant)


# --- art. 5.1: basisbedrag and the MPT/PGB mix ------------------------------------------------------


def test_art_5_1_lid_2_basisbedrag_is_het_totaal_van_bijlage_h() -> None:
    # 5VV: 14.131 + 15.673 + 18.750 + 0 + 3.732 = 52.286
    assert basisbedrag(rij("5VV"), None).bedrag == euro(52_286)


def test_art_5_1_lid_2_pgb_is_basisbedrag_min_kosten_mpt_6vg_met_vervoer() -> None:
    # 6VG "ja, met vervoer": 4.993 + 0 + 31.959 + 23.427 + 3.732 = 64.111; MPT costs 20.000 -> PGB 44.111
    b = basisbedrag(rij("6VG", G.JA_MET_VERVOER), None)
    assert b.bedrag == euro(64_111)
    assert pgb_deel(b.bedrag, euro(20_000)) == euro(44_111)


def test_art_5_1_lid_2_pgb_nooit_negatief() -> None:
    assert pgb_deel(euro(10_000), euro(12_000)) == 0


def test_art_5_1_lid_2_profiel_zonder_bedrag_wordt_niet_verzonnen() -> None:
    with pytest.raises(Ontbreekt) as fout:
        rij("9BVV")
    assert "Bijlage H 2020" in fout.value.ontbreekt


def test_art_5_1_lid_2_variant_die_niet_bestaat() -> None:
    with pytest.raises(Ontbreekt, match="ja_met_vervoer"):
        rij("5VV", G.JA_MET_VERVOER)


# --- art. 5.1 lid 3-4: deeltijdverblijf -----------------------------------------------------------


def test_art_5_1_lid_3_5vv_deeltijdverblijf_7_van_14_etmalen_is_de_helft() -> None:
    # VV has no groepsbegeleiding in Bijlage H: 52.286 x 7/14 = 26.143
    b = basisbedrag(rij("5VV"), 7)
    assert b.bedrag == euro(26_143)
    assert b.deeltijd_korting == euro(26_143)


def test_art_5_1_lid_4_groepsbegeleiding_en_vervoer_worden_niet_verlaagd() -> None:
    # 6VG "ja, met vervoer", week on / week off: groeps 23.427 stays; rest 64.111 - 23.427 = 40.684 -> 20.342
    b = basisbedrag(rij("6VG", G.JA_MET_VERVOER), 7)
    assert b.bedrag == euro(23_427 + 20_342)


def test_art_5_1_lid_3_acht_etmalen_laat_zes_van_veertien_thuis() -> None:
    # 4VG "ja, zonder vervoer" 51.827, groeps 16.345; rest 35.482 x 6/14 = 15.206,571 -> 15.206,57
    b = basisbedrag(rij("4VG", G.JA_ZONDER_VERVOER), 8)
    assert b.bedrag == euro(16_345) + 1_520_657


# --- art. 5.1a: EKT -------------------------------------------------------------------------------


def test_art_5_1a_ekt_ten_hoogste_25_procent_op_8vv() -> None:
    # 8VV 78.167 x 25% = 19.541,75
    assert ekt_maximum(D, euro(78_167)) == 1_954_175


def test_art_5_1a_ekt_dekt_wat_nodig_is_tot_het_maximum() -> None:
    # need 90.000 on 8VV: 11.833 short, within 19.541,75
    u = ekt_toekenning(D, euro(78_167), euro(90_000 - 78_167))
    assert (u.toegekend, u.tekort, u.uitgeput) == (euro(11_833), 0, False)
    # need 110.000: 31.833 short; EKT 19.541,75; 12.291,25 left for meerzorg
    u = ekt_toekenning(D, euro(78_167), euro(110_000 - 78_167))
    assert (u.toegekend, u.tekort, u.uitgeput) == (1_954_175, 1_229_125, True)


def test_art_5_1a_ekt_bij_deeltijd_over_groepsbegeleiding_plus_helft_van_de_rest() -> None:
    # Toelichting 5.1a: 6VG met vervoer, 7/14: 25% x (23.427 + 20.342) = 25% x 43.769 = 10.942,25
    assert ekt_maximum(D, basisbedrag(rij("6VG", G.JA_MET_VERVOER), 7).bedrag) == 1_094_225


# --- art. 5.1b: behandeling -----------------------------------------------------------------------


def test_art_5_1b_normatief_kader_plus_25_procent_dan_ruimte_in_basisbedrag() -> None:
    # frame 10.000 -> at most 12.500 within the frame; cost 15.000: 2.500 from room of 2.000 -> 500 uncovered
    r = behandeling_ruimte(D, euro(10_000), euro(15_000), euro(2_000))
    assert (r.binnen_kader, r.uit_basisbedrag, r.niet_gedekt) == (euro(12_500), euro(2_000), euro(500))


# --- art. 5.1c, 5.1d, 5.1f: toeslagen -------------------------------------------------------------


def _toeslag(soort: ToeslagSoort, vormen=frozenset({L.PGB}), zorgvorm=Zorgvorm.OVERIG, geboren=date(1950, 1, 1), tot=None, voorwaarde=True):  # type: ignore[no-untyped-def]
    # asked 1.000 a year, with a need of 2.000 above what is available
    return toets_toeslag(D, soort, vormen, zorgvorm, geboren, date(2020, 3, 1), tot, voorwaarde, euro(1_000), euro(2_000))


def test_art_5_1c_palliatief_terminaal_alleen_als_daarop_aangewezen() -> None:
    _toeslag(ToeslagSoort.PALLIATIEF_TERMINAAL)
    with pytest.raises(Weigering, match="palliatief"):
        _toeslag(ToeslagSoort.PALLIATIEF_TERMINAAL, voorwaarde=False)


def test_art_5_1c_lid_3_4_tijdelijke_verpleging_vraagt_een_einddatum() -> None:
    _toeslag(ToeslagSoort.TIJDELIJKE_VERPLEGING, tot=date(2020, 6, 1))
    with pytest.raises(Weigering, match="einddatum"):
        _toeslag(ToeslagSoort.TIJDELIJKE_VERPLEGING)


def test_art_5_1d_alleen_onder_18_en_bij_pgb_alleen_begeleiding_in_groepsverband() -> None:
    kind = date(2008, 5, 20)
    _toeslag(ToeslagSoort.ONTWIKKELING_MINDERJARIGE, zorgvorm=Zorgvorm.BEGELEIDING_GROEP, geboren=kind)
    with pytest.raises(Weigering, match=r"5\.1d lid 2"):
        _toeslag(ToeslagSoort.ONTWIKKELING_MINDERJARIGE, zorgvorm=Zorgvorm.BEHANDELING_INDIVIDUEEL, geboren=kind)
    _toeslag(ToeslagSoort.ONTWIKKELING_MINDERJARIGE, vormen=frozenset({L.MPT}), zorgvorm=Zorgvorm.BEHANDELING_INDIVIDUEEL, geboren=kind)
    with pytest.raises(Weigering, match="niet jonger dan 18"):
        _toeslag(ToeslagSoort.ONTWIKKELING_MINDERJARIGE, zorgvorm=Zorgvorm.BEGELEIDING_GROEP, geboren=date(2002, 3, 1))


def test_art_5_1c_voor_zover_nodig_niet_meer_dan_het_tekort() -> None:
    # art. 5.1c lid 2 "voor zover die verhoging nodig is": asked 1.000, short 600 -> 600; short 0 -> refused
    t = toets_toeslag(
        D,
        ToeslagSoort.PALLIATIEF_TERMINAAL,
        frozenset({L.PGB}),
        Zorgvorm.OVERIG,
        date(1950, 1, 1),
        date(2020, 3, 1),
        None,
        True,
        euro(1_000),
        euro(600),
    )
    assert (t.artikel, t.bedrag, t.alleen_mpt) == ("5.1c lid 1-2", euro(600), False)
    with pytest.raises(Weigering, match="geen verhoging nodig"):
        toets_toeslag(
            D,
            ToeslagSoort.PALLIATIEF_TERMINAAL,
            frozenset({L.PGB}),
            Zorgvorm.OVERIG,
            date(1950, 1, 1),
            date(2020, 3, 1),
            None,
            True,
            euro(1_000),
            0,
        )


def test_art_5_1d_eindigt_de_dag_voor_de_18e_verjaardag() -> None:
    assert einde_minderjarigheid(D, date(2008, 5, 20)) == date(2026, 5, 19)
    assert einde_minderjarigheid(D, date(2004, 2, 29)) == date(2022, 2, 28)


def test_art_5_1f_dure_groepsbegeleiding_overbrugt_het_prijsverschil() -> None:
    # 4VG "ja, zonder vervoer": Bijlage H groeps 16.345; actual cost 20.000 -> at most 3.655
    r = rij("4VG", G.JA_ZONDER_VERVOER)
    vormen = frozenset({L.PGB})
    assert toets_dure_groepsbegeleiding(r, vormen, Zorgvorm.BEGELEIDING_GROEP, euro(10_000), False, euro(20_000), False).bedrag == euro(
        3_655
    )
    assert toets_dure_groepsbegeleiding(r, vormen, Zorgvorm.BEGELEIDING_GROEP, euro(1_000), False, euro(20_000), False).bedrag == euro(
        1_000
    )
    with pytest.raises(Weigering, match="meerzorg"):
        toets_dure_groepsbegeleiding(r, vormen, Zorgvorm.BEGELEIDING_GROEP, euro(10_000), True, euro(20_000), False)
    with pytest.raises(Weigering, match="overstijgt niet"):
        toets_dure_groepsbegeleiding(r, vormen, Zorgvorm.BEGELEIDING_GROEP, 0, False, euro(20_000), False)
    with pytest.raises(Weigering, match="lid 2"):
        toets_dure_groepsbegeleiding(r, vormen, Zorgvorm.BEHANDELING_GROEP, euro(10_000), False, euro(5_000), False)


# --- art. 5.1e: meerzorg --------------------------------------------------------------------------


def test_art_5_1e_meerzorg_pas_na_volledige_ekt() -> None:
    with pytest.raises(Weigering, match="volledig"):
        meerzorg_bedrag(euro(5_000), ekt_uitgeput=False, voldoet_aan_art_2_2=True)


def test_art_5_1e_meerzorg_alleen_bij_tekort_en_voorwaarden_art_2_2() -> None:
    assert meerzorg_bedrag(1_229_125, True, True) == 1_229_125
    with pytest.raises(Weigering, match=r"2\.2"):
        meerzorg_bedrag(1_229_125, True, False)
    with pytest.raises(Weigering, match="overstijgt niet"):
        meerzorg_bedrag(0, True, True)


# --- art. 5.2: deeltijdverblijf exclusions ------------------------------------------------------


@pytest.mark.parametrize(("code", "sector"), [("3GGZB", "GGZ-B"), ("1LVG", "LVG"), ("1SGLVG", "SGLVG"), ("9BVV", "VV")])
def test_art_5_2_lid_1_deeltijdverblijf_uitgesloten_voor_sectoren(code: str, sector: str) -> None:
    with pytest.raises(Weigering) as fout:
        toets_deeltijdverblijf(D, code, sector, 7, frozenset({L.PGB, L.DEELTIJDVERBLIJF}), False)
    assert fout.value.artikel == "5.2 lid 1"


@pytest.mark.parametrize("zzp", ["1VV", "2VV", "3VV", "1VG", "2VG", "1LG", "3LG", "1ZGaud", "1ZGvis"])
def test_art_5_2_lid_2_deeltijdverblijf_uitgesloten_voor_zzp(zzp: str) -> None:
    with pytest.raises(Weigering) as fout:
        toets_deeltijdverblijf(D, zzp, D.zorgprofielen[zzp].sector, 7, frozenset({L.PGB, L.DEELTIJDVERBLIJF}), False)
    assert fout.value.artikel == "5.2 lid 2"


def test_art_5_2_lid_3_mpt_met_logeeropvang_naast_deeltijdverblijf_afgewezen() -> None:
    with pytest.raises(Weigering) as fout:
        toets_deeltijdverblijf(D, "4VG", "VG", 8, frozenset({L.MPT, L.DEELTIJDVERBLIJF}), True)
    assert fout.value.artikel == "5.2 lid 3"
    toets_deeltijdverblijf(D, "4VG", "VG", 8, frozenset({L.PGB, L.DEELTIJDVERBLIJF}), True)  # lid 3 names the MPT only


@pytest.mark.parametrize("etmalen", [6, 10, 14])
def test_art_1_1_deeltijdverblijf_is_7_8_of_9_etmalen(etmalen: int) -> None:
    with pytest.raises(Weigering) as fout:
        toets_deeltijdverblijf(D, "5VV", "VV", etmalen, frozenset({L.PGB, L.DEELTIJDVERBLIJF}), False)
    assert fout.value.artikel == "1.1"


# --- art. 5.3 and 2.5: overbruggingszorg and verblijf only ----------------------------------------


def test_art_5_3_overbrugging_ten_hoogste_dertien_weken() -> None:
    lvg, vpt = D.zorgprofielen["3LVG"], frozenset({L.VPT})
    toets_overbrugging(D, lvg, vpt, date(2020, 4, 1), date(2020, 6, 30), zicht_op_opname=False)  # 91 days
    with pytest.raises(Weigering, match="13 weken"):
        toets_overbrugging(D, lvg, vpt, date(2020, 4, 1), date(2020, 7, 1), zicht_op_opname=False)
    toets_overbrugging(D, lvg, vpt, date(2020, 4, 1), date(2020, 8, 1), zicht_op_opname=True)  # lid 3
    with pytest.raises(Weigering, match="einddatum"):
        toets_overbrugging(D, lvg, vpt, date(2020, 4, 1), None, zicht_op_opname=True)


def test_art_5_3_lid_1_overbrugging_noemt_geen_sector_alleen_2_5_lid_2_is_voor_lvg_en_sglvg() -> None:
    # art. 5.3 lid 1 names no sector; art. 2.5 lid 2 is what lets LVG/SGLVG (verblijf only) have it too
    toets_overbrugging(D, D.zorgprofielen["5VV"], frozenset({L.MPT}), date(2020, 4, 1), date(2020, 5, 1), False)
    assert overbrugging_artikelen(D, D.zorgprofielen["5VV"]) == ["5.3"]
    assert overbrugging_artikelen(D, D.zorgprofielen["3LVG"]) == ["5.3", "2.5 lid 2"]


def test_art_2_5_lid_1_lvg_alleen_verblijf_tenzij_overbrugging() -> None:
    lvg = D.zorgprofielen["3LVG"]
    toets_alleen_verblijf(D, lvg, frozenset({L.VERBLIJF}), False, False)
    toets_alleen_verblijf(D, lvg, frozenset({L.VPT}), True, False)
    with pytest.raises(Weigering, match="alleen recht op zorg met verblijf"):
        toets_alleen_verblijf(D, lvg, frozenset({L.MPT}), False, False)
    with pytest.raises(Weigering):
        toets_alleen_verblijf(D, D.zorgprofielen["4GGZB"], frozenset({L.PGB}), False, False)


# --- art. 5.5, 5.6: PGB exclusions -------------------------------------------------------------


def test_art_5_5_onder_a_geen_pgb_voor_ggz_beveiligd_wonen() -> None:
    with pytest.raises(Weigering) as fout:
        toets_pgb(D, "5GGZW", False, True)
    assert fout.value.artikel == "5.5 onder a"


@pytest.mark.parametrize("code", ["1LVG", "2LVG"])
def test_art_5_5_onder_c_geen_pgb_voor_lvg_tenzij_pgb_op_31_december_2019(code: str) -> None:
    with pytest.raises(Weigering) as fout:
        toets_pgb(D, code, pgb_op_peildatum_lvg=False, gewaarborgde_hulp=False)
    assert fout.value.artikel == "5.5 onder c"
    toets_pgb(D, code, pgb_op_peildatum_lvg=True, gewaarborgde_hulp=False)


@pytest.mark.parametrize("code", ["1GGZW", "2GGZW", "3GGZW", "4GGZW"])
def test_art_5_6_gewaarborgde_hulp_verplicht_bij_pgb_ggz_wonen(code: str) -> None:
    with pytest.raises(Weigering) as fout:
        toets_pgb(D, code, False, gewaarborgde_hulp=False)
    assert fout.value.artikel == "5.6 onder a"
    toets_pgb(D, code, False, gewaarborgde_hulp=True)


# --- GGZ-W: from 2021, adults only ----------------------------------------------------------------


def test_ggz_wonen_bestaat_pas_vanaf_2021_en_heeft_in_2020_geen_bedrag() -> None:
    with pytest.raises(Ontbreekt, match="2021-01-01"):
        zorgprofiel_op(D, "1GGZW", date(2020, 6, 1))
    with pytest.raises(Ontbreekt, match="Bijlage H 2020"):
        bijlage_h_rij(D, "1GGZW", G.NVT)


def test_ggz_wonen_uitgesloten_onder_18() -> None:
    profiel = D.zorgprofielen["2GGZW"]
    with pytest.raises(Weigering, match="jonger dan 18"):
        toets_minderjarige_ggz_wonen(D, profiel, date(2004, 1, 2), date(2021, 1, 1))
    toets_minderjarige_ggz_wonen(D, profiel, date(2003, 1, 1), date(2021, 1, 1))


def test_leeftijd_op() -> None:
    assert leeftijd_op(date(2002, 3, 1), date(2020, 3, 1)) == 18
    assert leeftijd_op(date(2002, 3, 2), date(2020, 3, 1)) == 17


# --- art. 5.13: kleinschalig wooninitiatief -------------------------------------------------------


def test_art_5_13_lid_1_en_2_vv_profiel_krijgt_8553() -> None:
    assert kleinschalig_wooninitiatief(D, "5VV", False) == (euro(4_480 + 4_073), "5.13 lid 1 en lid 2")


def test_art_5_13_lid_1_ander_profiel_krijgt_4480() -> None:
    assert kleinschalig_wooninitiatief(D, "6VG", False) == (euro(4_480), "5.13 lid 1")


def test_art_5_13_lid_2_onder_b_zzp_4_tot_8_vv_op_31_december_2014() -> None:
    assert kleinschalig_wooninitiatief(D, "3VV", True)[0] == euro(8_553)


# --- art. 9.3d, Bijlage I: ADL-woning -------------------------------------------------------------


def test_art_9_3d_adl_som_van_functies_plus_kortdurend_verblijf() -> None:
    # PV klasse 3 8.677 + verpleging klasse 2 8.549 + BI klasse 4 17.797 = 35.023; 10 etmalen x 113 = 1.130
    functies = {"persoonlijke_verzorging": (3, 0), "verpleging": (2, 0), "begeleiding_individueel": (4, 0)}
    r = adl_pgb(D, functies, 10, 2020)
    assert r.toegekend == euro(36_153)


def test_art_9_3d_hoogste_klasse_is_klasse_eronder_plus_extra_per_uur() -> None:
    # verpleging highest class 8: class 7 51.295 + 3 hours x 2.850 = 59.845
    assert adl_functiebedrag(D, "verpleging", 8, 3) == euro(59_845)
    with pytest.raises(Weigering):
        adl_functiebedrag(D, "verpleging", 8, 0)


def test_art_9_3d_lid_6_bruto_boven_300_per_dag_wordt_begrensd() -> None:
    # PV 8 35.500 + verpleging 8 (51.295 + 10 x 2.850 = 79.795) + BI 8 47.108 = 162.403 > 300 x 366 = 109.800
    functies = {"persoonlijke_verzorging": (8, 0), "verpleging": (8, 10), "begeleiding_individueel": (8, 0)}
    r = adl_pgb(D, functies, 0, 2020)
    assert r.bruto == euro(162_403)
    assert r.toegekend == euro(109_800)
    # with cost of verblijf less woonlasten of 400 a day the cap is that, not the minimum of 300
    assert adl_pgb(D, functies, 0, 2020, euro(400)).toegekend == euro(146_400)


# --- rule-set selection by date -------------------------------------------------------------------


@pytest.mark.parametrize("dag", [date(2019, 12, 31), date(2022, 1, 1)])
def test_datum_zonder_regelset_wordt_geweigerd_met_wat_ontbreekt(dag: date) -> None:
    with pytest.raises(Ontbreekt) as fout:
        regelset_op(dag)
    assert fout.value.ontbreekt == f"regelset voor {dag.isoformat()}"
    assert fout.value.artikelen == []  # a missing rule set is not an article


def test_regelset_2020_op_datum_met_versie_en_vingerafdruk() -> None:
    regelset = regelset_op(date(2020, 6, 1))
    assert regelset.data.jaar == 2020
    assert regelset.versie.startswith("rlz-2020.1+")
    assert regelset.data.parameters.ekt_maximum_procent == 25
