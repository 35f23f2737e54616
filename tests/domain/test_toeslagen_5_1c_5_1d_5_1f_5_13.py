"""Issue 13 items 2-5 through the service: art. 5.1c only as far as needed, art. 5.1d behandeling in the
MPT part and its necessity recorded, art. 5.1f for profiles without groepsbegeleiding, art. 5.13 whole
in the PGB. Each test quotes the sentence it follows; amounts worked out by hand from Bijlage H 2020."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from events import besluiten as b
from services.application import WlzService
from services.regeling.geld import euro
from tests.conftest import BSN, aanvraag, bericht, indicatie


def _types(besluiten: list) -> list[str]:  # type: ignore[type-arg]
    return [x.event_type for x in besluiten]


def _budget(besluiten: list) -> b.BudgetVastgesteldPayload:  # type: ignore[type-arg]
    return [x for x in besluiten if isinstance(x, b.BudgetVastgesteld)][-1].payload


def _toeslag(soort: str, bedrag: int, **velden: object) -> object:
    return bericht("ToeslagAangevraagd", {"bsn": BSN, "ingangsdatum": "2020-01-01", "soort": soort, "bedrag_per_jaar": bedrag, **velden})


# --- item 2: art. 5.1c "voor zover die verhoging nodig is" ----------------------------------------


def test_art_5_1c_lid_1_2_alleen_voor_zover_nodig(service: WlzService) -> None:
    # Art. 5.1c lid 2: "Het zorgkantoor kan het persoonsgebonden budget verhogen in het geval dat een verzekerde
    # is aangewezen op palliatief terminale zorg, voor zover die verhoging nodig is met het oog op de mogelijkheid
    # van de verzekerde om palliatief terminale zorg thuis te ontvangen."
    # 5VV basisbedrag 14.131 + 15.673 + 18.750 + 0 + 3.732 = 52.286. Care at home 60.000 a year: EKT
    # 60.000 - 52.286 = 7.714 (below 25% = 13.071,50). Palliative care raises the cost to 65.000: needed
    # above basisbedrag + EKT = 65.000 - 60.000 = 5.000. Asked 10.000: 5.000 is granted, not 10.000.
    service.verwerk(indicatie("5VV"))
    service.verwerk(aanvraag(["pgb"], zorgkosten_per_jaar=euro(60_000)))
    besluiten = service.verwerk(_toeslag("palliatief_terminaal", euro(10_000), voorwaarde_vervuld=True, zorgkosten_per_jaar=euro(65_000)))
    assert _types(besluiten) == ["ToeslagToegekend", "BudgetVastgesteld"]
    assert besluiten[0].payload.bedrag_per_jaar == euro(5_000)
    assert "voor zover nodig" in besluiten[0].payload.toelichting
    assert _budget(besluiten).pgb_deel == euro(52_286 + 7_714 + 5_000)  # 65.000


def test_art_5_1c_geen_verhoging_als_niets_nodig_is(service: WlzService) -> None:
    # cost 58.000 is within basisbedrag 52.286 + EKT 7.714 = 60.000: no raise is needed
    service.verwerk(indicatie("5VV"))
    service.verwerk(aanvraag(["pgb"], zorgkosten_per_jaar=euro(60_000)))
    besluiten = service.verwerk(_toeslag("palliatief_terminaal", euro(10_000), voorwaarde_vervuld=True, zorgkosten_per_jaar=euro(58_000)))
    assert _types(besluiten) == ["ToeslagAfgewezen"]
    assert besluiten[0].payload.artikelen == ["5.1c lid 1-2"] and "geen verhoging nodig" in besluiten[0].payload.reden


@pytest.mark.parametrize("soort", ["palliatief_terminaal", "tijdelijke_verpleging", "dure_groepsbegeleiding"])
def test_art_5_1c_en_5_1f_zonder_zorgkosten_is_slechte_invoer(soort: str) -> None:
    # bad input: the rule cannot be applied without the cost of care; the error names field and rule
    with pytest.raises(ValidationError) as fout:
        _toeslag(soort, euro(1_000), voorwaarde_vervuld=True)
    tekst = str(fout.value)
    assert "zorgkosten_per_jaar" in tekst and ("art. 5.1c" in tekst or "art. 5.1f" in tekst)
    assert BSN not in tekst


# --- item 3: art. 5.1d behandeling in the MPT part, necessity recorded ----------------------------


def test_art_5_1d_lid_1_behandeling_hoort_bij_het_mpt_deel(service: WlzService) -> None:
    # Art. 5.1d lid 1: "De Wlz-uitvoerder kan extra kosten toestaan indien de verzekerde jonger dan 18 jaar een
    # behoefte heeft aan ... behandeling in groepsverband ... die naar het oordeel van de Wlz-uitvoerder
    # noodzakelijk is voor de ontwikkeling van het kind." Toelichting 5.1b: "De verzekerde kan niet via pgb
    # behandeling inkopen".
    # 6VG "ja, met vervoer": 4.993 + 0 + 31.959 + 23.427 + 3.732 = 64.111; MPT 20.000, PGB 44.111.
    # Behandeling in groepsverband 5.000 a year: the MPT part becomes 25.000, the PGB stays 44.111,
    # the total 69.111.
    service.verwerk(indicatie("6VG", geboren="2010-05-20"))
    service.verwerk(aanvraag(["mpt", "pgb"], begeleiding_groeps="ja_met_vervoer", mpt_kosten_per_jaar=euro(20_000)))
    besluiten = service.verwerk(_toeslag("ontwikkeling_minderjarige", euro(5_000), zorgvorm="behandeling_groep", voorwaarde_vervuld=True))
    assert _types(besluiten) == ["ToeslagToegekend", "BudgetVastgesteld"]
    toeslag = besluiten[0].payload
    assert toeslag.alleen_mpt and "noodzakelijk voor de ontwikkeling van het kind" in toeslag.toelichting
    p = _budget(besluiten)
    assert (p.totaal, p.mpt_deel, p.pgb_deel) == (euro(69_111), euro(25_000), euro(44_111))


def test_art_5_1d_noodzaak_voor_de_ontwikkeling_is_een_voorwaarde(service: WlzService) -> None:
    service.verwerk(indicatie("6VG", geboren="2010-05-20"))
    service.verwerk(aanvraag(["mpt", "pgb"], begeleiding_groeps="ja_met_vervoer", mpt_kosten_per_jaar=euro(20_000)))
    besluiten = service.verwerk(_toeslag("ontwikkeling_minderjarige", euro(5_000), zorgvorm="behandeling_groep"))
    assert _types(besluiten) == ["ToeslagAfgewezen"]
    assert besluiten[0].payload.artikelen == ["5.1d lid 1"]


def test_art_5_1d_lid_2_geen_behandeling_met_alleen_een_pgb(service: WlzService) -> None:
    service.verwerk(indicatie("6VG", geboren="2010-05-20"))
    service.verwerk(aanvraag(["pgb"], begeleiding_groeps="ja_met_vervoer"))
    besluiten = service.verwerk(_toeslag("ontwikkeling_minderjarige", euro(5_000), zorgvorm="behandeling_groep", voorwaarde_vervuld=True))
    assert besluiten[0].payload.artikelen == ["5.1d lid 2"] and "Toelichting 5.1b" in besluiten[0].payload.reden


# --- item 4: art. 5.1f for profiles without groepsbegeleiding -------------------------------------


def test_art_5_1f_groepsbegeleiding_voor_een_oudere_met_5vv(service: WlzService) -> None:
    # Toelichting 5.1f: "Ook kan de Wlz-uitvoerder of het zorgkantoor een aanvullend bedrag toekennen indien een
    # oudere behoefte heeft begeleiding in groepsverband om te voorkomen dat de noodzakelijke verpleging en
    # verzorging in het gedrang komt." 5VV has "nvt" for groepsbegeleiding in Bijlage H: 0.
    # Available after art. 5.1 to 5.1d: basisbedrag 52.286 + the full EKT 25% = 13.071,50 -> 65.357,50.
    # Care at home costs 70.000: short 4.642,50. Groepsbegeleiding costs 8.000 against 0 in Bijlage H: the
    # price difference 8.000, at most the shortfall: 4.642,50.
    service.verwerk(indicatie("5VV", geboren="1938-03-01"))
    service.verwerk(aanvraag(["pgb"]))
    besluiten = service.verwerk(
        _toeslag(
            "dure_groepsbegeleiding", euro(8_000), zorgvorm="begeleiding_groep", voorwaarde_vervuld=True, zorgkosten_per_jaar=euro(70_000)
        )
    )
    assert _types(besluiten) == ["ToeslagToegekend", "BudgetVastgesteld"]
    assert besluiten[0].payload.bedrag_per_jaar == 464_250
    assert "verpleging en verzorging niet in het gedrang" in besluiten[0].payload.toelichting
    assert _budget(besluiten).pgb_deel == euro(52_286) + 464_250


def test_art_5_1f_zonder_groepsbegeleiding_in_bijlage_h_vraagt_het_oordeel(service: WlzService) -> None:
    service.verwerk(indicatie("5VV", geboren="1938-03-01"))
    service.verwerk(aanvraag(["pgb"]))
    besluiten = service.verwerk(
        _toeslag("dure_groepsbegeleiding", euro(8_000), zorgvorm="begeleiding_groep", zorgkosten_per_jaar=euro(70_000))
    )
    assert _types(besluiten) == ["ToeslagAfgewezen"]
    assert besluiten[0].payload.artikelen == ["5.1f"] and "Toelichting 5.1f" in besluiten[0].payload.reden


# --- item 5: art. 5.13 the KWI raise is the PGB's -------------------------------------------------


def test_art_5_13_kwi_gaat_heel_naar_het_pgb_ook_met_een_groot_mpt(service: WlzService) -> None:
    # Art. 5.13 lid 1: "Het zorgkantoor verhoogt het persoonsgebonden budget met € 4.480 voor een verzekerde die
    # woont in een kleinschalig wooninitiatief"; lid 2: + € 4.073 for 5VV -> 8.553 on the PGB.
    # 5VV basisbedrag 52.286; MPT 60.000, all care 60.000: the MPT is 7.714 above the basisbedrag, which the
    # EKT covers (7.714 <= 25% = 13.071,50), not the KWI. PGB = 52.286 + 7.714 - 60.000 + 8.553 = 8.553.
    # (Before: the MPT took 7.714 of the KWI money and the PGB was 839.)
    service.verwerk(indicatie("5VV"))
    besluiten = service.verwerk(
        aanvraag(["mpt", "pgb"], mpt_kosten_per_jaar=euro(60_000), zorgkosten_per_jaar=euro(60_000), kleinschalig_wooninitiatief=True)
    )
    assert _types(besluiten) == ["LeveringsvormToegekend", "EKTToegekend", "BudgetVastgesteld"]
    assert besluiten[1].payload.bedrag_per_jaar == euro(7_714)
    p = _budget(besluiten)
    assert (p.kleinschalig_wooninitiatief, p.mpt_deel, p.pgb_deel) == (euro(8_553), euro(60_000), euro(8_553))
    assert p.totaal == p.mpt_deel + p.pgb_deel == euro(68_553)
