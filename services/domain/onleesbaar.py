"""An inbound message the service could not act on, kept whole in the event store.

Recorded in the same transaction as the Kafka position it came from, and published from the store to the
dead-letter topic like every other outbound record: so a dead letter is never lost and never doubled,
whatever stops the process. The error names the field and the rule, never a field's value.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

ONLEESBAAR = uuid5(NAMESPACE_URL, "wlz:onleesbaar-bericht")


class OnleesbaarBericht(Aggregate):
    def __init__(
        self,
        bron_topic: str,
        bron_partition: int,
        bron_offset: int,
        sleutel: str | None,
        waarde: str,
        koppen: list[list[str | None]],
        soort: str,
        veld: str,
        reden: str,
        personen: list[str] | None = None,
    ) -> None:
        """`sleutel`, `waarde` and header values are base64 of the original bytes (None: a header without a value); `personen`: the cases
        whose BSN the value names, under whose keys the store keeps it encrypted (crypto-shredding)."""
        self.bron = (bron_topic, bron_partition, bron_offset)
        self.soort, self.veld, self.reden = soort, veld, reden

    @classmethod
    def create_id(cls, bron_topic: str, bron_partition: int, bron_offset: int, **_: object) -> UUID:
        return uuid5(ONLEESBAAR, f"{bron_topic}|{bron_partition}|{bron_offset}")
