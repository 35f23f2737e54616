"""Upcasters: how a stored or received event of an older schema version becomes the current one.

A change that would break consumers (a field removed or retyped, a new required field) raises the event
type's `schema_version` and registers here a function from the old version's JSON to the next one's.
Events are upcast when read (`events.parse_event`), so stored history and old producers keep working;
the compatibility test (`tests/contract/test_compatibility.py`) refuses a breaking change without one.
"""

from __future__ import annotations

from collections.abc import Callable
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
