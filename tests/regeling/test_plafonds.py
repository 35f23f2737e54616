"""Regional PGB plafonds (art. 8.8, 8.10, 8.12) against the national frame (art. 8.7, 8.9, 8.11)."""

from __future__ import annotations

import pytest

from events.regios import ZORGKANTOORREGIOS
from services.regeling.artikelen.plafonds import controleer_kader
from services.regeling.geld import euro
from services.regeling.laden import plafond_jaren, plafonds


def test_plafondjaren_2018_tot_en_met_2020() -> None:
    assert plafond_jaren() == [2018, 2019, 2020]


@pytest.mark.parametrize("jaar", [2018, 2019, 2020])
def test_elk_jaar_heeft_de_31_regios(jaar: int) -> None:
    _, regios = plafonds(jaar)
    assert sorted(regios) == sorted(ZORGKANTOORREGIOS)


@pytest.mark.parametrize("jaar", [2018, 2019, 2020])
def test_regios_tellen_op_tot_het_landelijk_pgb_kader(jaar: int) -> None:
    controle = controleer_kader(*plafonds(jaar))
    assert controle.klopt, controle.toelichting


def test_art_8_12_som_2020() -> None:
    kader, regios = plafonds(2020)
    assert sum(p.bedrag or 0 for p in regios.values()) == euro(2_509_677_218)
    assert kader.pgb == euro(2_510_000_000)
    assert regios["Utrecht"].bedrag == euro(173_032_260)


def test_art_8_8_noord_holland_noord_2018_is_onzeker_en_wordt_niet_geraden() -> None:
    _, regios = plafonds(2018)
    nhn = regios["Noord-Holland Noord"]
    assert nhn.bedrag is None
    assert "67.5631.552" in nhn.onzeker
    assert len(nhn.kandidaten) == 4
    controle = controleer_kader(*plafonds(2018))
    assert [p.regio for p in controle.onzeker] == ["Noord-Holland Noord"]


@pytest.mark.parametrize("jaar", [2018, 2019, 2020])
def test_kader_natura_plus_pgb_is_totaal_binnen_afronding(jaar: int) -> None:
    kader, _ = plafonds(jaar)
    assert abs(kader.zorg_in_natura + kader.pgb - kader.totaal) <= euro(1_000_000)
