"""Bijlage H 2020 as read from the OCR'd Staatscourant: every row complete and adding up."""

from __future__ import annotations

from events.codes import BegeleidingGroeps as G
from services.regeling.geld import euro
from services.regeling.laden import regelset_data

DATA = regelset_data(2020)
DRIE = (G.NEE, G.JA_ZONDER_VERVOER, G.JA_MET_VERVOER)


def verwachte_rijen() -> set[tuple[str, G]]:
    """Every row Bijlage H 2020 prints: VV 1-8 (nvt), LVG 1-2 (ja zonder/met vervoer), and three
    variants for VG 1-8, LG 1-7, ZG-vis 1-5 and ZG-aud 1-4: 84 rows."""
    rijen = {(f"{n}VV", G.NVT) for n in range(1, 9)}
    rijen |= {(f"{n}LVG", v) for n in (1, 2) for v in (G.JA_ZONDER_VERVOER, G.JA_MET_VERVOER)}
    for sector, aantal in (("VG", 8), ("LG", 7), ("ZGvis", 5), ("ZGaud", 4)):
        rijen |= {(f"{n}{sector}", v) for n in range(1, aantal + 1) for v in DRIE}
    return rijen


def test_bijlage_h_heeft_elke_rij_en_geen_andere() -> None:
    assert set(DATA.bijlage_h) == verwachte_rijen()
    assert len(DATA.bijlage_h) == 84


def test_bijlage_h_componenten_tellen_op_tot_totaal_in_elke_rij() -> None:
    fout = {k: (r.som_componenten(), r.totaal) for k, r in DATA.bijlage_h.items() if r.som_componenten() != r.totaal}
    assert fout == {}


def test_bijlage_h_groepsbegeleiding_met_vervoer_is_duurder_dan_zonder() -> None:
    for (code, variant), rij in DATA.bijlage_h.items():
        if variant is G.JA_MET_VERVOER:
            zonder = DATA.bijlage_h[(code, G.JA_ZONDER_VERVOER)]
            assert rij.begeleiding_groeps_bedrag > zonder.begeleiding_groeps_bedrag, code
        if variant is G.NEE:
            assert rij.begeleiding_groeps_bedrag == 0, code


def test_bijlage_h_bedragen_zoals_gedrukt() -> None:
    """Spot checks against the printed table (page, row)."""
    assert DATA.bijlage_h[("5VV", G.NVT)].totaal == euro(52_286)
    assert DATA.bijlage_h[("8VV", G.NVT)].totaal == euro(78_167)
    assert DATA.bijlage_h[("6VG", G.JA_MET_VERVOER)].totaal == euro(64_111)
    assert DATA.bijlage_h[("3ZGaud", G.JA_MET_VERVOER)].totaal == euro(115_121)
    assert DATA.bijlage_h[("1LVG", G.JA_ZONDER_VERVOER)].begeleiding_groeps_bedrag == euro(2_724)


def test_bijlage_h_ocr_correcties_zijn_vastgelegd() -> None:
    """The cells the OCR garbled are corrected from the row total, and the correction is recorded."""
    assert DATA.bijlage_h[("7LG", G.JA_MET_VERVOER)].begeleiding_groeps_bedrag == euro(15_254)
    assert "156.254" in DATA.bijlage_h[("7LG", G.JA_MET_VERVOER)].ocr_opmerking
    assert DATA.bijlage_h[("5ZGvis", G.JA_MET_VERVOER)].begeleiding_individueel == euro(31_959)
    assert "311.959" in DATA.bijlage_h[("5ZGvis", G.JA_MET_VERVOER)].ocr_opmerking


def test_bijlage_h_kent_geen_ggz_wonen_in_2020() -> None:
    assert not [k for k in DATA.bijlage_h if "GGZ" in k[0]]


def test_bijlage_i_kortdurend_verblijf_en_bekende_cellen() -> None:
    assert DATA.parameters.adl_kortdurend_verblijf_per_etmaal == euro(113)
    assert DATA.bijlage_i[("verpleging", 3)] == euro(15_673)
    assert DATA.bijlage_i[("begeleiding_groep_met_vervoer", 9)] == euro(24_843)
    assert ("verpleging", 8) not in DATA.bijlage_i  # highest class: amount of class 7 + extra per hour
    oplopend = {}
    for (functie, klasse), bedrag in sorted(DATA.bijlage_i.items()):
        assert bedrag > oplopend.get(functie, 0), (functie, klasse)
        oplopend[functie] = bedrag
