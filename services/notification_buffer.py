"""What this process just recorded, kept in memory for the readers that follow the store in the same
process (the decision publisher, the iWlz publisher, the projection runner), so that they need not read
back and decode what was written a moment ago: that read-back cost about as much CPU as deciding.

Why a read from here equals a read from the store: a writer holds the table lock until it commits
(services/adapters/store/postgres.py; SQLite has one writer), so when notification N is committed, every
lower id is committed or rolled back for good. The buffer answers a read only when it holds the first
notification asked for, and stops at the first id it does not hold (an id a rolled-back transaction used,
or events another process recorded): the caller then reads the store, as before. Nothing is ever skipped;
at worst one read goes to the store.

Bounded: each reader says where it is, entries every reader has passed are dropped, and beyond
`maximum` the oldest go first (a reader that fell that far behind reads the store).
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Iterable
from typing import Any

Entry = tuple[str | None, dict[str, Any] | None]
"""(event type, contract message as the store's readers see it); (None, None): nothing any reader reads."""


class NotificationBuffer:
    def __init__(self, maximum: int = 20_000, lezers: Iterable[str] = ()) -> None:
        """`lezers`: the readers that will come; nothing is dropped before each of them has read."""
        self.maximum = maximum
        self._entries: dict[int, Entry] = {}
        self._ids: list[int] = []  # a heap of the ids in `_entries`: the oldest first, whatever order they came in
        self._lezers: dict[str, int] = dict.fromkeys(lezers, 0)
        self._lock = threading.Lock()
        self.uit_buffer = 0  # reads answered here
        self.uit_store = 0  # reads left to the store

    def voeg_toe(self, entries: Iterable[tuple[int, Entry]]) -> None:
        """Notifications of one committed transaction, or a range read from the store (which may overlap
        what is here already: the same notification reads the same)."""
        with self._lock:
            for notificatie, entry in entries:
                if notificatie not in self._entries:
                    heapq.heappush(self._ids, notificatie)
                self._entries[notificatie] = entry
            while len(self._entries) > self.maximum:
                self._entries.pop(heapq.heappop(self._ids), None)

    def lees(
        self, lezer: str, positie: int, limiet: int, alleen: frozenset[str] | None
    ) -> tuple[int, list[tuple[int, dict[str, Any]]]] | None:
        """As `WlzService.berichten_na` would answer, or None when the store must be read."""
        with self._lock:
            self._lezers[lezer] = positie
            self._ruim_op()
            volgende = positie + 1
            if volgende not in self._entries:
                self.uit_store += 1
                return None
            uit: list[tuple[int, dict[str, Any]]] = []
            laatste = positie
            while volgende in self._entries and volgende - positie <= limiet:
                soort, bericht = self._entries[volgende]
                if bericht is not None and (alleen is None or soort in alleen):
                    uit.append((volgende, bericht))
                laatste = volgende
                volgende += 1
            self.uit_buffer += 1
            return laatste, uit

    def verwacht(self, lezers: Iterable[str]) -> None:
        """Readers that will come too (a role this instance took later): kept for until they have read."""
        with self._lock:
            for lezer in lezers:
                self._lezers.setdefault(lezer, 0)

    @property
    def lezers(self) -> list[str]:
        with self._lock:
            return list(self._lezers)

    def vergeet_lezer(self, lezer: str) -> None:
        """A reader that stopped (an instance that is no longer the leader) holds nothing back."""
        with self._lock:
            self._lezers.pop(lezer, None)

    def _ruim_op(self) -> None:
        if not self._lezers:
            return
        traagste = min(self._lezers.values())
        while self._ids and self._ids[0] <= traagste:
            self._entries.pop(heapq.heappop(self._ids), None)

    def __len__(self) -> int:
        return len(self._entries)
