"""The event table's writers wait for each other on an advisory lock, not on a table lock
(services/adapters/store/postgres.py, `schrijfslot`): a vacuum of the event table no longer stops an
append (the library's EXCLUSIVE table lock waited for autovacuum until PostgreSQL cancelled it, and would
have waited out a vacuum against wraparound), and two writers are still one at a time until commit."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.persistence import StoredEvent

from services.adapters.store.postgres import schrijfslot_sleutel
from tests.integration.conftest import Omgeving

pytestmark = pytest.mark.integration


def _schrijf_op_de_achtergrond(recorder: object) -> tuple[threading.Thread, list[object]]:
    uitkomst: list[object] = []

    def schrijf() -> None:
        try:
            uitkomst.append(recorder.insert_events([StoredEvent(uuid4(), 1, "t", b"x")]))  # type: ignore[attr-defined]
        except Exception as fout:  # the assertion below names it
            uitkomst.append(fout)

    draad = threading.Thread(target=schrijf, daemon=True)
    draad.start()
    return draad, uitkomst


def test_een_vacuum_houdt_het_schrijven_niet_op(omgeving: Omgeving) -> None:
    recorder = omgeving.service().process_recorder
    tabel = f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'
    with psycopg.connect(omgeving.database_url) as vacuum:
        # the lock (auto)vacuum and ANALYZE hold on the table while they run
        vacuum.execute(f"LOCK TABLE {tabel} IN SHARE UPDATE EXCLUSIVE MODE")
        draad, uitkomst = _schrijf_op_de_achtergrond(recorder)
        draad.join(timeout=30)
        assert not draad.is_alive(), "the append waited for the vacuum's lock"
        vacuum.rollback()
    assert uitkomst and isinstance(uitkomst[0], list) and len(uitkomst[0]) == 1, uitkomst


def _wacht_op_een_andere_schrijver(omgeving: Omgeving, neem: Callable[[psycopg.Connection[Any], str], object], wie: str) -> None:
    """An append waits while another connection holds what `neem` takes, and goes ahead at its commit."""
    recorder = omgeving.service().process_recorder
    with psycopg.connect(omgeving.database_url) as ander:
        neem(ander, f'"{recorder.datastore.schema}"."{recorder.events_table_name}"')
        draad, uitkomst = _schrijf_op_de_achtergrond(recorder)
        draad.join(timeout=2)
        assert draad.is_alive() and not uitkomst, f"an append went ahead while {wie}"
        ander.commit()
    draad.join(timeout=30)
    assert uitkomst and isinstance(uitkomst[0], list), uitkomst


def test_twee_schrijvers_nog_steeds_na_elkaar(omgeving: Omgeving) -> None:
    recorder = omgeving.service().process_recorder
    sleutel = schrijfslot_sleutel(recorder.datastore.schema, recorder.events_table_name)
    # another writer, not yet committed
    _wacht_op_een_andere_schrijver(
        omgeving, lambda ander, _: ander.execute("SELECT pg_advisory_xact_lock(%s)", (sleutel,)), "another writer held the slot"
    )


def test_een_schrijver_van_de_vorige_versie_gaat_ook_voor(omgeving: Omgeving) -> None:
    """An instance of the version before this one locks the table itself (a rolling upgrade)."""
    _wacht_op_een_andere_schrijver(
        omgeving, lambda oud, tabel: oud.execute(f"LOCK TABLE {tabel} IN EXCLUSIVE MODE"), "the earlier version's writer held the table"
    )
