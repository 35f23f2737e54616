"""Every Kafka topic of the service, declared once: its name, what travels on it, and what it promises.

The consumer subscribes to the inbound ones, the publishers write the outbound ones, `maak_topics`
creates them all, and the AsyncAPI document (`asyncapi.py`) is generated from this same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from events.besluiten import DecisionEvent, PgbPlafondDrempelBereikt
from events.feeds import CakZorgmutatie, SvbBudgetmutatie
from events.inbound import Aanvraag, IndicatieBeeindigd, IndicatieOntvangen


@dataclass(frozen=True, slots=True)
class Topic:
    naam: str  # without the prefix
    schema: Any  # the pydantic model (or union) of a record's value
    beschrijving: str
    inbound: bool = False
    verwerking: str = ""  # inbound: what the service does with a record (the operation's description)


INDICATIES = Topic(
    "wlz.indicaties",
    IndicatieOntvangen | IndicatieBeeindigd,
    "CIZ indications; key: a pseudonymous client key, never the BSN",
    inbound=True,
    verwerking="Recorded with its Kafka position in one transaction; redelivery changes nothing.",
)
AANVRAGEN = Topic(
    "wlz.aanvragen",
    Aanvraag,
    "Client requests; key: a pseudonymous client key",
    inbound=True,
    verwerking="Decided under the rule set of the request's ingangsdatum.",
)
BESLUITEN = Topic(
    "wlz.besluiten",
    DecisionEvent,
    "Every decision as recorded; key: case id; exactly once for read_committed consumers; dedupe on event_id",
)
CAK = Topic("wlz.cak.zorgmutaties", CakZorgmutatie, "CAK: MAZ/MEZ per client (art. 7.12); key: case id; same guarantees as wlz.besluiten")
SVB = Topic("wlz.svb.budgetten", SvbBudgetmutatie, "SVB: a budget holder's PGB per calendar year with every change; key: case id")
ALERTS = Topic(
    "wlz.rapportage.plafondalerts",
    PgbPlafondDrempelBereikt,
    "Reporting: a region crossed a threshold of its PGB plafond; key: region; dedupe on event_id",
)
DLQ = Topic("wlz.dlq", bytes, "Unreadable inbound messages: original key, bytes and headers plus wlz-dlq-* headers (field, rule, source)")

ALLE = (INDICATIES, AANVRAGEN, BESLUITEN, CAK, SVB, ALERTS, DLQ)


@dataclass(frozen=True, slots=True)
class Topics:
    """The topic names with the configured prefix (`WLZ_TOPIC_PREFIX`; tests use one per test)."""

    prefix: str = ""

    def naam(self, topic: Topic) -> str:
        return f"{self.prefix}{topic.naam}"

    @property
    def indicaties(self) -> str:
        return self.naam(INDICATIES)

    @property
    def aanvragen(self) -> str:
        return self.naam(AANVRAGEN)

    @property
    def besluiten(self) -> str:
        return self.naam(BESLUITEN)

    @property
    def cak(self) -> str:
        return self.naam(CAK)

    @property
    def svb(self) -> str:
        return self.naam(SVB)

    @property
    def alerts(self) -> str:
        return self.naam(ALERTS)

    @property
    def dlq(self) -> str:
        return self.naam(DLQ)

    @property
    def inbound(self) -> tuple[str, ...]:
        return tuple(self.naam(t) for t in ALLE if t.inbound)

    @property
    def alle(self) -> tuple[str, ...]:
        return tuple(self.naam(t) for t in ALLE)
