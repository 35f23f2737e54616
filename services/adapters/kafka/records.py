"""Kafka-shaped records as the service receives them: where a record came from, its raw bytes, and how
an unreadable one is packed to be kept in the event store as a dead letter (published again by
`publishers` on the dead-letter topic, see `dlq`)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

from eventsourcing.persistence import Tracking

from services.adapters.kafka.posities import tracking_naam
from services.application import Rejection
from services.domain.onleesbaar import OnleesbaarBericht
from services.persoonsgegevens import GEWIST_SOORT, redigeer


@dataclass(frozen=True, slots=True)
class RuwBericht:
    """A message as it arrived (key, value, headers), to keep whole when it cannot be read."""

    sleutel: bytes | None
    waarde: bytes
    koppen: tuple[tuple[str, bytes | None], ...]  # Kafka allows a header without a value


@dataclass(frozen=True, slots=True)
class Bronpositie:
    """Where an inbound message came from (a Kafka topic, partition and offset).

    Recorded as a tracking position in the same transaction as the events it caused, so a redelivered
    message is recognised and changes nothing (exactly-once effect for Kafka input).
    """

    topic: str
    partition: int
    offset: int
    generatie: int = 0  # of the topic: raised when an operator accepts that it was re-created (posities.py)

    @property
    def tracking(self) -> Tracking:
        return Tracking(application_name=tracking_naam(self.topic, self.partition, self.generatie), notification_id=self.offset + 1)


@dataclass(frozen=True, slots=True)
class Ontvangen:
    """A received record: its position and its bytes (the application service's `Herkomst`)."""

    bron: Bronpositie
    ruw: RuwBericht

    @property
    def tracking(self) -> Tracking:
        return self.bron.tracking

    def onleesbaar(self, afwijzing: Rejection, personen: Callable[[bytes], list[str]] = lambda _: []) -> OnleesbaarBericht:
        """The dead letter as stored: the original bytes base64-packed, with the field and the rule, and
        the persons they name (the store's mapper encrypts them under those persons' keys). A message
        for an erased person keeps its envelope only (services/persoonsgegevens.py)."""
        waarde = redigeer(self.ruw.waarde) if afwijzing.soort == GEWIST_SOORT else self.ruw.waarde

        def b64(data: bytes) -> str:
            return base64.b64encode(data).decode()

        return OnleesbaarBericht(
            bron_topic=self.bron.topic,
            bron_partition=self.bron.partition,
            bron_offset=self.bron.offset,
            sleutel=None if self.ruw.sleutel is None else b64(self.ruw.sleutel),
            waarde=b64(waarde),
            koppen=[[k, None if v is None else b64(v)] for k, v in self.ruw.koppen],
            soort=afwijzing.soort,
            veld=afwijzing.veld,
            reden=afwijzing.reden,
            personen=personen(waarde),
        )
