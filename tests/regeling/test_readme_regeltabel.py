"""The README's table of rules lists only rules that an inbound event reaches (issue 13 item 8).

For every row of the table, the scenario of that row sends inbound events through the service, and the
decisions it takes cite every article of the row's first column. A row without a scenario fails: a rule
that no inbound event reaches does not belong in the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from events import DecisionEvent
from services.application import WlzService
from services.regeling.geld import euro
from tests.conftest import BSN, BSN_2, aanvraag, bericht, indicatie
from tests.domain.test_plafond import _overheveling

README = Path(__file__).resolve().parents[2] / "README.md"


def tabel() -> list[str]:
    """The first column of every row of the rules table."""
    regels = README.read_text(encoding="utf-8").splitlines()
    begin = next(n for n, r in enumerate(regels) if r.startswith("- **Rules implemented**"))
    rijen = []
    for regel in regels[begin + 1 :]:
        if not regel.startswith("|"):
            if rijen:
                break
            continue  # the bullet's own lines before the table
        kolom = regel.split("|")[1].strip()
        if kolom not in ("article", "---"):
            rijen.append(kolom)
    return rijen


def _artikelen(besluiten: list[DecisionEvent]) -> list[str]:
    uit: list[str] = []
    for besluit in besluiten:
        payload = besluit.payload
        uit += list(getattr(payload, "artikelen", []))
        uit += [r.artikel for r in getattr(payload, "berekening", [])]
    return uit


def _geciteerd(artikel: str, geciteerd: list[str]) -> bool:
    patroon = re.compile(rf"(^|[ ,(]){re.escape(artikel)}($|[ ,)])")
    return any(patroon.search(a) for a in geciteerd)


def _toeslag(soort: str, bedrag: int, bsn: str = BSN, **velden: object) -> object:
    return bericht("ToeslagAangevraagd", {"bsn": bsn, "ingangsdatum": "2020-01-01", "soort": soort, "bedrag_per_jaar": bedrag, **velden})


Scenario = Callable[[WlzService], list[DecisionEvent]]


def basisbedrag(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("5VV"))
    return s.verwerk(aanvraag(["pgb"]))


def deeltijd(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("5VV"))
    return s.verwerk(aanvraag(["pgb", "deeltijdverblijf"], deeltijdverblijf_etmalen=7))


def deeltijd_uitgesloten(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("1LVG"))
    uit = s.verwerk(
        aanvraag(["mpt", "deeltijdverblijf"], deeltijdverblijf_etmalen=7, begeleiding_groeps="ja_zonder_vervoer", logeeropvang=True)
    )
    s.verwerk(indicatie("1VV", bsn=BSN_2))
    return uit + s.verwerk(aanvraag(["pgb", "deeltijdverblijf"], bsn=BSN_2, deeltijdverblijf_etmalen=7))


def ekt(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("8VV"))
    return s.verwerk(aanvraag(["pgb"], zorgkosten_per_jaar=euro(90_000)))


def behandeling(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("6VG"))
    s.verwerk(aanvraag(["mpt"], begeleiding_groeps="ja_met_vervoer", mpt_kosten_per_jaar=euro(20_000)))
    return s.verwerk(
        bericht(
            "BehandelingAangevraagd",
            {
                "bsn": BSN,
                "ingangsdatum": "2020-01-01",
                "zorgvorm": "behandeling_groep",
                "kosten_per_jaar": euro(15_000),
                "normatief_kader_per_jaar": euro(10_000),
                "zorgkosten_per_jaar": euro(60_000),
                "ontvangstdatum": "2020-01-01",
            },
        )
    )


def toeslag_5_1c(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("5VV"))
    s.verwerk(aanvraag(["pgb"], zorgkosten_per_jaar=euro(60_000)))
    uit = s.verwerk(_toeslag("palliatief_terminaal", euro(10_000), voorwaarde_vervuld=True, zorgkosten_per_jaar=euro(65_000)))
    return uit + s.verwerk(
        _toeslag("tijdelijke_verpleging", euro(5_000), voorwaarde_vervuld=True, zorgkosten_per_jaar=euro(70_000), einddatum="2020-06-30")
    )


def toeslag_5_1d(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("6VG", geboren="2010-05-20"))
    s.verwerk(aanvraag(["mpt", "pgb"], begeleiding_groeps="ja_met_vervoer", mpt_kosten_per_jaar=euro(20_000)))
    uit = s.verwerk(_toeslag("ontwikkeling_minderjarige", euro(5_000), zorgvorm="behandeling_groep", voorwaarde_vervuld=True))
    s.verwerk(indicatie("6VG", bsn=BSN_2, geboren="2010-05-20"))
    s.verwerk(aanvraag(["pgb"], bsn=BSN_2, begeleiding_groeps="ja_met_vervoer"))
    return uit + s.verwerk(
        _toeslag("ontwikkeling_minderjarige", euro(3_000), bsn=BSN_2, zorgvorm="begeleiding_groep", voorwaarde_vervuld=True)
    )


def toeslag_5_1f(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("5VV"))
    s.verwerk(aanvraag(["pgb"]))
    return s.verwerk(
        _toeslag(
            "dure_groepsbegeleiding", euro(8_000), zorgvorm="begeleiding_groep", voorwaarde_vervuld=True, zorgkosten_per_jaar=euro(70_000)
        )
    )


def meerzorg(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("8VV"))
    s.verwerk(aanvraag(["pgb"], zorgkosten_per_jaar=euro(90_000)))
    return s.verwerk(
        bericht(
            "MeerzorgAangevraagd",
            {"bsn": BSN, "ingangsdatum": "2020-01-01", "zorgkosten_per_jaar": euro(110_000), "voldoet_aan_art_2_2": True},
        )
    )


def pgb_uitsluitingen(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("1LVG"))
    uit = s.verwerk(aanvraag(["pgb"], begeleiding_groeps="ja_zonder_vervoer"))
    uit += s.verwerk(aanvraag(["pgb"], "2020-02-01", begeleiding_groeps="ja_zonder_vervoer", gewaarborgde_hulp=False))
    s.verwerk(indicatie("5VV", bsn=BSN_2))
    uit += s.verwerk(aanvraag(["pgb"], bsn=BSN_2, gewaarborgde_hulp=False))
    s.verwerk(indicatie("GGZ-W 5", "2021-01-01", bsn="123456782", geboren="1970-01-01"))
    return uit + s.verwerk(aanvraag(["pgb"], "2021-01-01", bsn="123456782"))


def kleinschalig(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("5VV"))
    return s.verwerk(aanvraag(["pgb"], kleinschalig_wooninitiatief=True))


def overbrugging(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("3LVG"))
    uit = s.verwerk(aanvraag(["mpt"], "2020-04-01", einddatum="2020-06-30", overbrugging=True))
    return uit + s.verwerk(aanvraag(["mpt"], "2020-07-01"))


def ggz_wonen(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("GGZ-W 2"))
    return s.verwerk(aanvraag(["pgb"]))


def indicatie_wlz(s: WlzService) -> list[DecisionEvent]:
    uit = s.verwerk(aanvraag(["pgb"]))
    s.verwerk(indicatie("5VV"))
    return uit + s.verwerk(aanvraag(["pgb"]))


def wijziging(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("5VV"))
    s.verwerk(aanvraag(["mpt"], mpt_kosten_per_jaar=euro(20_000)))
    return s.verwerk(aanvraag(["pgb"], "2020-07-01"))


def adl(s: WlzService) -> list[DecisionEvent]:
    s.verwerk(indicatie("5VV"))
    functies = [
        {"functie": "persoonlijke_verzorging", "klasse": 8},
        {"functie": "verpleging", "klasse": 7},
        {"functie": "begeleiding_individueel", "klasse": 8},
    ]
    aanvraag_adl = {"bsn": BSN, "ingangsdatum": "2020-01-01", "ontvangstdatum": "2020-01-01", "functies": functies}
    return s.verwerk(bericht("AdlPgbAangevraagd", aanvraag_adl))


def subsidieplafond(s: WlzService) -> list[DecisionEvent]:
    # Utrecht 2020 after an overheveling of 173.000.000 to ZIN: 32.260 left for a 5VV PGB of 52.286
    _overheveling(s, -euro(173_000_000))
    s.verwerk(indicatie("5VV"))
    payload = {
        "bsn": BSN,
        "leveringsvormen": ["pgb"],
        "ingangsdatum": "2020-01-01",
        "ontvangstdatum": "2020-01-06",
        "gewaarborgde_hulp": True,
    }
    return s.verwerk(bericht("LeveringsvormAangevraagd", payload, dag="2020-03-01"))


def verhuizing(s: WlzService) -> list[DecisionEvent]:
    # a 5VV PGB in Utrecht from 1 January 2020; an indication for Flevoland from 1 July splits the year
    s.verwerk(indicatie("5VV"))
    payload = {"bsn": BSN, "leveringsvormen": ["pgb"], "ingangsdatum": "2020-01-01", "ontvangstdatum": "2020-01-06"}
    s.verwerk(bericht("LeveringsvormAangevraagd", {**payload, "gewaarborgde_hulp": True}, dag="2020-01-10"))
    return s.verwerk(indicatie("5VV", van="2020-07-01", regio="Flevoland"))


SCENARIOS: dict[str, Scenario] = {
    "5.1 lid 2, Bijlage H": basisbedrag,
    "1.1, 5.1 lid 3, 5.1 lid 4": deeltijd,
    "5.2 lid 1, 5.2 lid 2, 5.2 lid 3": deeltijd_uitgesloten,
    "5.1a": ekt,
    "5.1b lid 1, 5.1b lid 2, 5.1b lid 4": behandeling,
    "5.1c lid 1-2, 5.1c lid 3-4": toeslag_5_1c,
    "5.1d lid 1, 5.1d lid 2": toeslag_5_1d,
    "5.1f": toeslag_5_1f,
    "5.1e, 2.2": meerzorg,
    "5.5 onder a, 5.5 onder c, 5.6 onder a": pgb_uitsluitingen,
    "5.13": kleinschalig,
    "5.3, 2.5 lid 1, 2.5 lid 2": overbrugging,
    "2.1, Bijlage A": ggz_wonen,
    "3.2.1 Wlz, 3.3.1 Wlz": indicatie_wlz,
    "7.12": wijziging,
    "9.3d lid 1 onder b, 9.3d lid 5, 9.3d lid 6, Bijlage I": adl,
    "5.10, 4:25 lid 2 Awb": subsidieplafond,
    "5.10, 8.12": verhuizing,
}


def test_elke_rij_van_de_regeltabel_heeft_een_scenario() -> None:
    assert tabel(), "no rules table found in README.md"
    assert sorted(tabel()) == sorted(SCENARIOS), "a README row without an inbound scenario, or a scenario without its row"


@pytest.mark.parametrize("rij", tabel())
def test_readme_regel_wordt_bereikt_door_een_inkomend_event(service: WlzService, rij: str) -> None:
    geciteerd = _artikelen(SCENARIOS[rij](service))
    for artikel in rij.split(", "):
        assert _geciteerd(artikel, geciteerd), f"{artikel}: not cited by any decision of the scenario ({geciteerd})"
