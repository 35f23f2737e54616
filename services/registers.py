"""The PGB plafond registers (services/domain/plafondregister.py) this process has read, kept between
batches and brought up to date with ONE query per batch for all of them.

Why: every PGB request reads the register of its region and year, and a register holds an event per
grant of the year, so reading it from the store per batch (or fast-forwarding a cached copy with one
round trip per register) cost a fifth of the service's CPU, and reading it whole grows with the square of
the region's grants.

Why this is as safe as reading the store: before a batch reads its first register, every kept register gets the events
recorded on it since (by this process or another instance), so a batch sees what was committed before that
read, exactly as a read from the store would. The batch works on a copy; the kept register changes only
when the batch is recorded. Another instance cannot change a register meanwhile: a batch takes the plafond
slot before this update and holds it to its commit (services/adapters/store/plafondslot.py). Should one
still change (a writer without the slot), the batch's append fails on the register's version
(optimistic concurrency) and the batch is tried again, after a fresh update.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar, cast
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from services.domain.plafondregister import PlafondRegister

A = TypeVar("A")


class RegisterRecorder(Protocol):
    def events_of(self, ids: Iterable[UUID]) -> list[StoredEvent]: ...

    def events_after(self, versies: dict[UUID, int]) -> list[StoredEvent]: ...


class DomainMapper(Protocol):
    def to_domain_event(self, stored: StoredEvent) -> Any: ...


def projecteer(aggregate: Any, events: Iterable[Any]) -> Any:
    """The aggregate from its events, as the library's projector (same signature) but without its check of
    a runtime Protocol per event, which cost more than applying the event."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def kopie(aggregate: A) -> A:
    """A copy a batch may change: the state of a register or a case is immutable and shared, so only the
    list of pending events must be its own (a deep copy cost 3 % of deciding a request)."""
    nieuw = copy.copy(aggregate)
    vars(nieuw)["_pending_events"] = []
    return nieuw


class Registers:
    def __init__(self, recorder: RegisterRecorder, mapper: DomainMapper) -> None:
        self._recorder = recorder
        self._mapper = mapper
        self._vast: dict[UUID, PlafondRegister] = {}  # as recorded: never the copy a batch changes
        self._lock = threading.Lock()

    def ververs(self) -> None:
        """Every kept register up to date with what the store holds now (one query)."""
        with self._lock:
            if not self._vast:
                return
            versies = {register_id: register.version for register_id, register in self._vast.items()}
        nieuw = self._recorder.events_after(versies)
        if not nieuw:
            return
        with self._lock:
            for stored in nieuw:
                register = self._vast.get(cast(UUID, stored.originator_id))  # a UUID from both stores
                if register is not None and stored.originator_version == register.version + 1:
                    projecteer(register, [self._mapper.to_domain_event(stored)])

    def geef(self, register_id: UUID) -> PlafondRegister | None:
        """A copy of the register for a batch to change (None when nothing was ever recorded on it)."""
        with self._lock:
            if (register := self._vast.get(register_id)) is not None:
                return kopie(register)
        stored = self._recorder.events_of([register_id])
        if not stored:
            return None
        gelezen = projecteer(None, (self._mapper.to_domain_event(s) for s in stored))
        assert isinstance(gelezen, PlafondRegister)
        with self._lock:
            return kopie(self._vast.setdefault(register_id, gelezen))

    def vastgelegd(self, registers: Sequence[PlafondRegister]) -> None:
        """The registers a batch changed, now recorded: kept as they stand."""
        with self._lock:
            for register in registers:
                bekend = self._vast.get(register.id)
                if bekend is None or bekend.version < register.version:
                    self._vast[register.id] = register

    def vergeet(self) -> None:
        """After a failed append: read everything afresh next time."""
        with self._lock:
            self._vast.clear()
