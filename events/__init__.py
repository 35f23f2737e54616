"""The event contract of the Wlz case-management service (pydantic v2).

`parse_inbound` / `parse_event` turn JSON into typed events; `EVENT_TYPES` lists every type with its
class; `schema.py` exports the JSON Schemas. Nothing here depends on the rest of the service.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from events.besluiten import DecisionEvent, PgbPlafondDrempelBereikt, PgbPlafondOvergeheveld
from events.envelope import Envelope
from events.feeds import FeedRecord
from events.inbound import InboundEvent
from events.upcasting import UPCASTERS, upcast

AnyEvent = InboundEvent | DecisionEvent
ContractEvent = AnyEvent | FeedRecord | PgbPlafondDrempelBereikt | PgbPlafondOvergeheveld

_INBOUND: TypeAdapter[InboundEvent] = TypeAdapter(Annotated[InboundEvent, Field(discriminator="event_type")])
_ANY: TypeAdapter[AnyEvent] = TypeAdapter(Annotated[AnyEvent, Field(discriminator="event_type")])


def parse_inbound(data: str | bytes) -> InboundEvent:
    """An inbound event from JSON; raises pydantic.ValidationError naming the field and the rule.
    Older schema versions are upcast first (events.upcasting)."""
    if UPCASTERS:
        try:
            gelezen = json.loads(data)
        except (ValueError, RecursionError):
            return _INBOUND.validate_json(data)  # raises the json_invalid (or too deep) error with the position
        return _INBOUND.validate_python(upcast(gelezen) if isinstance(gelezen, dict) else gelezen)
    return _INBOUND.validate_json(data)


def parse_event(data: str | bytes | dict[str, Any], *, uit_de_store: bool = False) -> AnyEvent:
    """Any event of the contract, from JSON text or from a decoded JSON object, upcast to the current
    schema version of its type. `uit_de_store`: read back from the event store, where personal fields
    may be erased (crypto-shredding)."""
    context = {"gewist": True} if uit_de_store else None
    if isinstance(data, dict):
        return _ANY.validate_python(upcast(data) if UPCASTERS else data, context=context)
    if UPCASTERS or uit_de_store:
        return parse_event(json.loads(data), uit_de_store=uit_de_store)
    return _ANY.validate_json(data)


def event_types() -> dict[str, type[Envelope]]:
    """Every event type of the contract with its class (inbound, decisions, feed records, alerts)."""
    from typing import get_args

    klassen: list[type[Envelope]] = [
        *get_args(InboundEvent),
        *get_args(DecisionEvent),
        *get_args(FeedRecord),
        PgbPlafondDrempelBereikt,
        PgbPlafondOvergeheveld,
    ]
    uitgevouwen: list[type[Envelope]] = []
    for k in klassen:
        uitgevouwen.extend(get_args(k) or [k])
    return {k.model_fields["event_type"].default: k for k in uitgevouwen}


__all__ = [
    "AnyEvent",
    "ContractEvent",
    "DecisionEvent",
    "Envelope",
    "FeedRecord",
    "InboundEvent",
    "event_types",
    "parse_event",
    "parse_inbound",
]
