"""The plafond slot (services/adapters/store/plafondslot.py): two instances on one PostgreSQL store
book PGB grants on the same regional register (art. 5.10) one after the other, so neither append
conflicts, and the register holds every grant."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.adapters.store.plafondslot import PostgresPlafondslot
from services.application import WlzService
from services.settings import Settings
from tests.conftest import aanvraag, indicatie
from tests.integration.conftest import Omgeving
from tests.integration.test_kafka_postgres import bsns

pytestmark = pytest.mark.integration


def test_het_slot_sluit_een_tweede_proces_uit_tot_de_eerste_het_vrijgeeft(omgeving: Omgeving) -> None:
    """Two slots on one database, as two processes have them: the second waits for the first."""
    eerste, tweede = PostgresPlafondslot(omgeving.database_url), PostgresPlafondslot(omgeving.database_url)
    volgorde: list[str] = []
    genomen = threading.Event()

    def tweede_proces() -> None:
        genomen.wait()
        with tweede():
            volgorde.append("tweede")

    draad = threading.Thread(target=tweede_proces)
    draad.start()
    with eerste():
        genomen.set()
        time.sleep(0.5)  # the second is waiting meanwhile
        volgorde.append("eerste")
    draad.join(timeout=10)
    assert volgorde == ["eerste", "tweede"]
    eerste.sluit()
    tweede.sluit()


def test_twee_instanties_boeken_op_een_register_zonder_conflict(omgeving: Omgeving, caplog: pytest.LogCaptureFixture) -> None:
    """Each instance decides PGB requests of its own clients, all in Utrecht, at the same time: with the
    slot neither batch conflicts on the register (optimistic concurrency alone made nearly every batch of
    the slower instance fail), and the register holds every grant once."""
    instanties = [WlzService(Settings(persistence="postgres", database_url=omgeving.database_url)) for _ in range(2)]  # type: ignore[arg-type]
    clients = bsns(80, 730_000_000)
    ruw = RuwBericht(b"k", b"{}", ())

    def reeks(service: WlzService, partitie: int, eigen: list[str], offset: int, maak: object) -> list[list[object] | object]:
        return service.verwerk_reeks(  # type: ignore[return-value]
            [(Ontvangen(Bronpositie("wlz.aanvragen", partitie, offset + n), ruw), maak(b)) for n, b in enumerate(eigen)]  # type: ignore[operator]
        )

    for n, service in enumerate(instanties):
        reeks(service, n, clients[n::2], 0, lambda b: indicatie("5VV", bsn=b))
    uitkomsten: list[list[object]] = [[], []]
    start = threading.Barrier(2)

    def beslis(n: int) -> None:
        start.wait()
        for stap in range(4):  # four batches each, interleaved with the other instance's
            eigen = clients[n::2][stap * 10 : (stap + 1) * 10]
            uitkomsten[n] += reeks(instanties[n], n, eigen, 100 + stap * 10, lambda b: aanvraag(["pgb"], bsn=b))

    with caplog.at_level(logging.WARNING, logger="services.application"):
        draden = [threading.Thread(target=beslis, args=(n,)) for n in range(2)]
        for d in draden:
            d.start()
        for d in draden:
            d.join(timeout=120)
    assert not [r for r in caplog.records if "conflict" in r.getMessage()]
    assert all(len(u) == 40 for u in uitkomsten)
    assert all(isinstance(besluiten, list) and len(besluiten) == 2 for u in uitkomsten for besluiten in u)  # granted, budget set
    register = WlzService(Settings(persistence="postgres", database_url=omgeving.database_url)).plafondregister("Utrecht", 2020)  # type: ignore[arg-type]
    assert register is not None
    assert len(register.stand.toewijzingen) == len(clients)  # every grant booked once
    assert all(s.factory.plafondslot.genomen >= 4 for s in instanties)  # type: ignore[attr-defined]
