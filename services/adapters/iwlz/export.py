"""Outbound iWlz messages made from the event store: every AW33, CA317 and CA319 of the decisions
recorded from a date on (`wlz iwlz export --since`), or after a notification position (the publisher).

Read from the store, so a message can always be made again, identical (its Identificatie and ids are
derived from the decision). A decision whose message cannot be made from what is recorded (an
indication that came as JSON, without the IO31 client block the AW33 repeats) is listed with why.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from services.adapters.iwlz.codes import OnbekendeCode
from services.adapters.iwlz.outbound import UITGAANDE_BESLUITEN, NietTeMaken, OutboundMessage, Personen, berichten


class Store(Protocol):
    def berichten_na(
        self, positie: int, limiet: int = 1000, alleen: frozenset[str] | None = None
    ) -> tuple[int, list[tuple[int, dict[str, Any]]]]: ...


@dataclass
class Export:
    berichten: list[tuple[int, OutboundMessage]] = field(default_factory=list)  # (notification id, message)
    niet_gemaakt: list[tuple[str, str, str]] = field(default_factory=list)  # (event_id, event_type, why)
    positie: int = 0


def _dag(bericht: dict[str, Any]) -> date:
    return datetime.fromisoformat(str(bericht.get("recorded_at") or bericht["occurred_at"])).date()


def stroom(store: Store, positie: int = 0, batch: int = 1000) -> Iterator[tuple[int, dict[str, Any]]]:
    while True:
        laatste, gelezen = store.berichten_na(positie, batch)
        yield from gelezen
        if laatste == positie:
            return
        positie = laatste


def exporteer(store: Store, sinds: date | None = None, na_positie: int = 0, personen: Personen | None = None) -> Export:
    """The outbound messages of the decisions recorded on or after `sinds` (and after `na_positie`).
    Reads from the first event, so each case's indication is known when its decisions come."""
    personen = personen or Personen()
    export = Export(positie=na_positie)
    for notificatie, bericht in stroom(store):
        personen.zie(bericht)
        export.positie = max(export.positie, notificatie)
        if notificatie <= na_positie or bericht.get("event_type") not in UITGAANDE_BESLUITEN:
            continue
        if sinds is not None and _dag(bericht) < sinds:
            continue
        try:
            export.berichten.extend((notificatie, u) for u in berichten(bericht, personen.van(str(bericht["case_id"]))))
        except (NietTeMaken, OnbekendeCode) as fout:
            export.niet_gemaakt.append((str(bericht["event_id"]), str(bericht["event_type"]), str(fout)))
    return export
