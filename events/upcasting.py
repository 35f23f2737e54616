"""Upcasters: how a stored or received event of an older schema version becomes the current one.

A change that would break consumers (a field removed or retyped, a new required field) raises the event
type's `schema_version` and registers here a function from the old version's JSON to the next one's.
Events are upcast when read (`events.parse_event`), so stored history and old producers keep working;
the compatibility test (`tests/contract/test_compatibility.py`) refuses a breaking change without one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]

UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def registreer(event_type: str, van_versie: int) -> Callable[[Upcaster], Upcaster]:
    def registreren(functie: Upcaster) -> Upcaster:
        UPCASTERS[(event_type, van_versie)] = functie
        return functie

    return registreren


def upcast(data: dict[str, Any]) -> dict[str, Any]:
    """`data` raised step by step to the current schema version of its type."""
    while (stap := UPCASTERS.get((str(data.get("event_type")), int(data.get("schema_version", 1))))) is not None:
        data = stap(data)
    return data


def _ontvangstdatum_uit_occurred_at(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 requests carry no date of receipt. Their `occurred_at` ("when it happened in the world, the
    sender's clock") is when the front office sent the request on, the closest the record has to the receipt
    of the aanvraagformulier, so its calendar date (in the sender's own offset) is taken as `ontvangstdatum`
    (art. 5.10 Rlz). Without a readable `occurred_at` the field stays absent and validation names it."""
    payload = data.get("payload")
    occurred_at = data.get("occurred_at")
    if isinstance(payload, dict) and "ontvangstdatum" not in payload and isinstance(occurred_at, str):
        try:
            dag = datetime.fromisoformat(occurred_at.replace("Z", "+00:00")).date()
        except ValueError:
            return {**data, "schema_version": 2}
        payload = {**payload, "ontvangstdatum": dag.isoformat()}
    return {**data, "payload": payload, "schema_version": 2}


for _aanvraag in ("LeveringsvormAangevraagd", "EKTAangevraagd", "MeerzorgAangevraagd", "ToeslagAangevraagd"):
    registreer(_aanvraag, 1)(_ontvangstdatum_uit_occurred_at)
