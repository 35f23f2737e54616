"""Property (hypothesis): under the statutory mode a PGB never takes a region past its plafond.

# Awb art. 4:25 lid 2: "Een subsidie wordt geweigerd voor zover door verstrekking van de subsidie het
#   subsidieplafond zou worden overschreden." (art. 5.10 Rlz, with the regional amounts of art. 8.12)

Random clients of one region ask for PGBs (alone, with MPT, with deeltijdverblijf), with random start dates,
random dates of receipt and in a random order of processing, EKT on top, and indications that end; the
plafond is made small by an art. 8.12 overheveling so that it binds. After every message, through the
single-message and the batch path, the PGB of the region in 2020 - the cases' latest budget decisions, as
the plafond ledger counts them - stays within the plafond, and the register agrees with the budgets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from uuid import UUID, uuid5

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import InboundEvent, parse_inbound
from events import besluiten as b
from events.envelope import nu
from services.application import WlzService
from services.regeling.geld import euro
from services.regeling.laden import plafonds
from services.settings import Settings

NS = UUID("5f0b2a4e-9a55-4c1e-8a0e-6d1f0c2b7a31")
BSNS = ["111222333", "725763863", "123456782", "100000009", "100000010", "999999990"]
REGIO = "Flevoland"
PLAFOND = euro(120_000)  # after the overheveling below: about two full-year 5VV PGBs
VORMEN = [["pgb"], ["pgb"], ["mpt", "pgb"], ["pgb", "deeltijdverblijf"]]
PROFIELEN = ["5VV", "8VV", "6VG", "3VG"]


@dataclass(frozen=True)
class Stap:
    soort: str  # aanvraag | ekt | einde
    client: int
    vormen: tuple[str, ...]
    van: date
    ontvangen: date
    bedrag: int


def _dag(n: int) -> date:
    return date(2020, 1, 1) + timedelta(days=n)


@st.composite
def stappen(draw: st.DrawFn) -> list[Stap]:
    uit = []
    for _ in range(draw(st.integers(2, 9))):
        van = draw(st.integers(0, 300))
        uit.append(
            Stap(
                soort=draw(st.sampled_from(["aanvraag", "aanvraag", "aanvraag", "ekt", "einde"])),
                client=draw(st.integers(0, len(BSNS) - 1)),
                vormen=tuple(draw(st.sampled_from(VORMEN))),
                van=_dag(van),
                ontvangen=_dag(draw(st.integers(0, van))),
                bedrag=draw(st.integers(2_000_000, 9_000_000)),
            )
        )
    return uit


def _bericht(teller: list[int], event_type: str, payload: dict[str, Any], gemeld: date) -> InboundEvent:
    teller[0] += 1
    bericht = {
        "event_id": str(uuid5(NS, str(teller[0]))),
        "event_type": event_type,
        "schema_version": 1 if event_type.startswith("Indicatie") else 2,
        "occurred_at": f"{gemeld.isoformat()}T09:00:00+01:00",
        "payload": payload,
    }
    return parse_inbound(json.dumps(bericht, default=str))


def _berichten(profielen: list[str], reeks: list[Stap]) -> list[InboundEvent]:
    teller = [0]
    uit = [
        _bericht(
            teller,
            "IndicatieOntvangen",
            {
                "bsn": bsn,
                "indicatiebesluit_id": f"CIZ-{n}",
                "zorgprofiel": profielen[n],
                "ingangsdatum": "2020-01-01",
                "geboortedatum": "1950-01-01",
                "regio": REGIO,
            },
            date(2020, 1, 1),
        )
        for n, bsn in enumerate(BSNS)
    ]
    for stap in reeks:
        bsn = BSNS[stap.client]
        gemeld = date(2020, 12, 31)
        if stap.soort == "aanvraag":
            payload: dict[str, Any] = {
                "bsn": bsn,
                "leveringsvormen": list(stap.vormen),
                "ingangsdatum": stap.van,
                "ontvangstdatum": stap.ontvangen,
            }
            if "pgb" in stap.vormen:
                payload["gewaarborgde_hulp"] = True  # art. 5.6 onder a (4-7VV, 4-8VG)
            if "mpt" in stap.vormen:
                payload["mpt_kosten_per_jaar"] = stap.bedrag // 2
            if "deeltijdverblijf" in stap.vormen:
                payload["deeltijdverblijf_etmalen"] = 7
            if profielen[stap.client].endswith("VG"):
                payload["begeleiding_groeps"] = "nee"
            uit.append(_bericht(teller, "LeveringsvormAangevraagd", payload, gemeld))
        elif stap.soort == "ekt":
            payload = {"bsn": bsn, "ingangsdatum": stap.van, "ontvangstdatum": stap.ontvangen, "zorgkosten_per_jaar": stap.bedrag * 10}
            uit.append(_bericht(teller, "EKTAangevraagd", payload, gemeld))
        else:
            payload = {"bsn": bsn, "indicatiebesluit_id": f"CIZ-{stap.client}", "einddatum": stap.van}
            uit.append(_bericht(teller, "IndicatieBeeindigd", payload, gemeld))
    return uit


def _pgb_in_regio(service: WlzService) -> int:
    laatste: dict[str, int] = {}
    for bsn in BSNS:
        for event in service.historie(service.case_id(bsn)):
            if isinstance(event, b.BudgetVastgesteld) and event.payload.jaar == 2020 and event.payload.regio == REGIO:
                laatste[bsn] = event.payload.pgb_deel
    return sum(laatste.values())


class _Positie:
    def __init__(self, n: int) -> None:
        from eventsourcing.persistence import Tracking

        self.tracking = Tracking("test:plafond:0", n)

    def onleesbaar(self, afwijzing: Any) -> Any:
        raise AssertionError(afwijzing)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PROFIELEN), min_size=len(BSNS), max_size=len(BSNS)), stappen(), st.booleans())
def test_awb_4_25_lid_2_een_pgb_brengt_een_regio_nooit_boven_het_plafond(profielen: list[str], reeks: list[Stap], per_reeks: bool) -> None:
    with TemporaryDirectory() as map_:
        service = WlzService(Settings(data_dir=Path(map_)))
        try:
            _, regios = plafonds(2020)
            regeling = regios[REGIO].bedrag
            assert regeling is not None
            service.leg_overheveling_vast(
                b.PgbPlafondOvergeheveld(
                    event_id=uuid5(NS, "overheveling"),
                    occurred_at=nu(),
                    payload=b.PgbPlafondOvergeheveldPayload(
                        regio=REGIO, jaar=2020, bedrag=PLAFOND - regeling, referentie="test", besluitdatum=date(2020, 1, 1), bron="NZa"
                    ),
                )
            )
            berichten = _berichten(profielen, reeks)
            tijd = datetime(2020, 6, 1, tzinfo=UTC)
            if per_reeks:
                for n in range(0, len(berichten), 3):
                    service.verwerk_reeks([(_Positie(m + 1), x) for m, x in enumerate(berichten[n : n + 3], start=n)], tijd)  # type: ignore[misc]
                    assert _pgb_in_regio(service) <= PLAFOND
            else:
                for bericht in berichten:
                    service.verwerk(bericht, tijd)
                    assert _pgb_in_regio(service) <= PLAFOND
            register = service.plafondregister(REGIO, 2020)
            assert register is not None and register.stand.plafond == PLAFOND
            assert register.stand.totaal == _pgb_in_regio(service) <= PLAFOND
        finally:
            service.close()
