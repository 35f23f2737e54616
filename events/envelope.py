"""The versioned envelope every event of this service travels in.

Every event, inbound or decided, is one JSON object: the envelope fields plus a `payload` whose shape is
fixed by `event_type` and `schema_version`. Consumers dedupe on `event_id`, follow a chain of decisions
through `correlation_id` (the first inbound event) and `causation_id` (the event that caused this one),
and group by `case_id`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator


class Contract(BaseModel):
    """Base of every contract model: strict about unknown fields, immutable once built."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Envelope(Contract):
    event_id: UUID = Field(description="Unique id, set by the sender; consumers dedupe on it.")
    event_type: str
    schema_version: int = Field(default=1, ge=1)
    occurred_at: AwareDatetime = Field(description="When it happened in the world (the sender's clock).")
    recorded_at: AwareDatetime | None = Field(default=None, description="When this service recorded it.")
    correlation_id: UUID | None = None
    causation_id: UUID | None = None
    case_id: UUID | None = Field(default=None, description="The WlzCase; set by this service on inbound events.")

    @field_validator("schema_version")
    @classmethod
    def _bekende_versie(cls, versie: int) -> int:
        """Only the current version of a type is read: an older one is raised by its upcaster before
        validation (events.upcasting), and an unknown newer one is refused rather than read as if it were
        the current one. The current version is the field's default on the type's class."""
        huidig = int(cls.model_fields["schema_version"].default)
        if versie > huidig:
            raise ValueError(f"onbekende schema_version: de hoogste versie van dit event_type is {huidig}")
        if versie < huidig:
            raise ValueError(f"schema_version zonder upcaster naar versie {huidig} (events/upcasting.py)")
        return versie


def nu() -> datetime:
    return datetime.now(UTC)
