"""The event store on PostgreSQL through the eventsourcing library: the demo scenario recorded, and
read back identically by a second application instance."""

from __future__ import annotations

from uuid import uuid4

import pytest

from events import parse_inbound
from services.application import WlzService
from services.demo import SCENARIO
from services.domain.toestand import opbouwen
from services.settings import Settings
from tests.integration.conftest import Omgeving

pytestmark = pytest.mark.integration


def test_demo_op_postgres_en_herbouw_door_tweede_instantie(omgeving: Omgeving) -> None:
    eerste = omgeving.service()
    besluiten = []
    with SCENARIO.open(encoding="utf-8") as invoer:
        for regel in invoer:
            besluiten += eerste.verwerk(parse_inbound(regel))
    assert len(besluiten) == 28
    tweede = WlzService(Settings(persistence="postgres", database_url=omgeving.database_url))  # type: ignore[arg-type]  # a fresh instance
    for case_id in {b.case_id for b in besluiten}:
        assert case_id is not None
        assert tweede.toestand(case_id) == eerste.toestand(case_id)
        assert opbouwen(tweede.historie(case_id)) == eerste.toestand(case_id)
    laatste, berichten = tweede.berichten_na(0, 10_000)
    assert len(berichten) == 25 + 28 and laatste >= len(berichten)


def test_ledgers_op_postgres_via_asyncpg_herbouw_gelijk_aan_live(omgeving: Omgeving) -> None:
    import asyncio

    from projections.runner import ProjectionRunner, herbouw, vergelijk
    from projections.store import PostgresLedgerStore
    from services.regeling.geld import euro

    service = omgeving.service()
    with SCENARIO.open(encoding="utf-8") as invoer:
        for regel in invoer:
            service.verwerk(parse_inbound(regel))

    async def doe() -> None:
        live = await PostgresLedgerStore.verbind(omgeving.database_url)
        await live.maak()
        assert await ProjectionRunner(service, live, batch=7).bij() > 0
        assert await ProjectionRunner(service, live).bij() == 0  # twice changes nothing
        rotterdam = [r for r in await live.plafonds(2020) if r.regio == "Rotterdam"]
        assert rotterdam[0].plafond == euro(97_777_448)
        assert rotterdam[0].toegekend_pgb == 10_338_798  # client C: 78.167 + EKT + meerzorg, see the demo
        doel = await PostgresLedgerStore.verbind(omgeving.database_url, schema="wlz_herbouw")
        await herbouw(service, doel, batch=5)
        assert await vergelijk(live, doel) == []
        await live.sluit()
        await doel.sluit()

    asyncio.run(doe())


def test_buffer_gelijk_aan_de_store_op_postgres(omgeving: Omgeving) -> None:
    """What this process just recorded reaches the readers from memory (services/notification_buffer.py)
    exactly as a read of PostgreSQL gives it: ids from the binary COPY, dead letters decoded as stored."""
    from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
    from services.application import Rejection
    from services.notification_buffer import NotificationBuffer
    from tests.conftest import BSN, aanvraag, indicatie

    service = omgeving.service()
    service.buffer = NotificationBuffer()
    ruw = RuwBericht(None, f'{{"bsn": "{BSN}", kapot'.encode(), ())
    for offset in (0, 3):
        service.verwerk_reeks(
            [
                (Ontvangen(Bronpositie("t", 0, offset), ruw), indicatie("5VV")),
                (Ontvangen(Bronpositie("t", 0, offset + 1), ruw), Rejection("json", "(json)", "geen geldige JSON")),
                (Ontvangen(Bronpositie("t", 0, offset + 2), ruw), aanvraag(["pgb", "mpt"])),
            ]
        )
    for alleen in (None, frozenset({"BudgetVastgesteld"}), frozenset({"OnleesbaarBericht", "BudgetVastgesteld", "IndicatieOntvangen"})):
        assert service.berichten_na(0, 1000, alleen, lezer=str(alleen)) == service.berichten_na(0, 1000, alleen)
    assert service.buffer.uit_buffer == 3 and service.buffer.uit_store == 0


def test_posities_van_meerdere_bronnen_in_een_transactie_op_postgres(omgeving: Omgeving) -> None:
    """One batch of several partitions is one PostgreSQL transaction with a tracking row per partition;
    a position that does not move forward fails the whole transaction (the events with it)."""
    from eventsourcing.persistence import IntegrityError, StoredEvent, Tracking

    from services.bronnen import meer_tracking

    recorder = omgeving.service().process_recorder
    namen = ["pg-a", "pg-b", "pg-c"]
    recorder.insert_events([], tracking=Tracking("pg-a", 5), **meer_tracking([Tracking("pg-b", 3)]))
    assert recorder.max_tracking_ids(namen) == {"pg-a": 5, "pg-b": 3, "pg-c": 0}  # type: ignore[attr-defined]
    voor = recorder.max_notification_id()
    event = StoredEvent(originator_id=uuid4(), originator_version=1, topic="t", state=b"{}")
    with pytest.raises(IntegrityError, match="pg-b 2"):  # named: the source whose position would go back
        recorder.insert_events([event], tracking=Tracking("pg-c", 1), **meer_tracking([Tracking("pg-b", 2)]))
    assert recorder.max_tracking_ids(["pg-c"]) == {"pg-c": 0}  # type: ignore[attr-defined]
    assert recorder.max_notification_id() == voor  # the event was not kept either


def test_posities_en_events_in_een_round_trip_gelijk_aan_apart(omgeving: Omgeving) -> None:
    """The batch's first read (positions and cases, psycopg's pipeline mode) answers what the two reads
    answer apart, also for an aggregate without events and a source without a position."""
    from eventsourcing.persistence import StoredEvent, Tracking

    recorder = omgeving.service().process_recorder
    a, b, leeg = uuid4(), uuid4(), uuid4()
    events = [StoredEvent(originator_id=i, originator_version=v, topic="t", state=b"{}") for i in (a, b) for v in (1, 2)]
    recorder.insert_events(events, tracking=Tracking("rt-a", 7))
    samen = recorder.posities_en_events(["rt-a", "rt-b"], [a, b, leeg])  # type: ignore[attr-defined]
    apart = (recorder.max_tracking_ids(["rt-a", "rt-b"]), recorder.events_of([a, b, leeg]))  # type: ignore[attr-defined]
    assert samen == apart and samen[0] == {"rt-a": 7, "rt-b": 0} and len(samen[1]) == 4
    assert recorder.posities_en_events(["rt-a"], []) == ({"rt-a": 7}, [])  # type: ignore[attr-defined]
    # cases kept in memory (services/casegeheugen.py): only what came after their version, in the same round trip
    na = recorder.posities_en_events(["rt-a"], [a], {b: 1, leeg: 0})  # type: ignore[attr-defined]
    assert na == ({"rt-a": 7}, recorder.events_of([a]) + recorder.events_after({b: 1}))  # type: ignore[attr-defined]
    assert [(e.originator_id, e.originator_version) for e in na[1]] == [(a, 1), (a, 2), (b, 2)]
    assert recorder.posities_en_events(["rt-a"], [], {b: 2}) == ({"rt-a": 7}, [])  # type: ignore[attr-defined]
