"""The event contract of the Wlz case-management service (pydantic v2).

`parse_inbound` / `parse_event` turn JSON into typed events; `EVENT_TYPES` lists every type with its
class; `schema.py` exports the JSON Schemas. Nothing here depends on the rest of the service.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, TypeAdapter

from events.besluiten import DecisionEvent
from events.envelope import Envelope
from events.inbound import InboundEvent

AnyEvent = InboundEvent | DecisionEvent

_INBOUND: TypeAdapter[InboundEvent] = TypeAdapter(Annotated[InboundEvent, Field(discriminator="event_type")])
_ANY: TypeAdapter[AnyEvent] = TypeAdapter(Annotated[AnyEvent, Field(discriminator="event_type")])


def parse_inbound(data: str | bytes) -> InboundEvent:
    """An inbound event from JSON; raises pydantic.ValidationError naming the field and the rule."""
    return _INBOUND.validate_json(data)


def parse_event(data: str | bytes | dict[str, object]) -> AnyEvent:
    """Any event of the contract, from JSON text or from a decoded JSON object."""
    if isinstance(data, dict):
        return _ANY.validate_python(data)
    return _ANY.validate_json(data)


def event_types() -> dict[str, type[Envelope]]:
    """Every event type of the contract with its class."""
    from typing import get_args

    klassen: list[type[Envelope]] = [*get_args(InboundEvent), *get_args(DecisionEvent)]
    uitgevouwen: list[type[Envelope]] = []
    for k in klassen:
        uitgevouwen.extend(get_args(k) or [k])
    return {k.model_fields["event_type"].default: k for k in uitgevouwen}


__all__ = ["AnyEvent", "DecisionEvent", "Envelope", "InboundEvent", "event_types", "parse_event", "parse_inbound"]
