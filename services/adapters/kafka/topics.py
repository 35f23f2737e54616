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
from events.toewijzing import ToewijzingInbound


@dataclass(frozen=True, slots=True)
class Topic:
    naam: str  # without the prefix
    schema: Any  # the pydantic model (or union) of a record's value
    beschrijving: str
    inbound: bool = False
    verwerking: str = ""  # inbound: what the service does with a record (the operation's description)
    xml: bool = False  # iWlz XML (services/adapters/iwlz/kafka.py), not the JSON contract


INDICATIES = Topic(
    "wlz.indicaties",
    IndicatieOntvangen | IndicatieBeeindigd,
    "CIZ indications; key: a pseudonymous client key, never the BSN",
    inbound=True,
    verwerking="Recorded with its Kafka position in one transaction; redelivery changes nothing.",
)
AANVRAGEN = Topic(
    "wlz.aanvragen",
    Aanvraag | ToewijzingInbound,
    "Client requests, toewijzing requests and the zorgaanbieder's reports as JSON; key: a pseudonymous client key",
    inbound=True,
    verwerking="Decided under the rule set of the request's ingangsdatum.",
)
BESLUITEN = Topic(
    "wlz.besluiten",
    DecisionEvent,
    "Every decision as recorded; key: case id; exactly once for read_committed consumers; dedupe on event_id",
)
CAK = Topic(
    "wlz.cak.zorgmutaties",
    CakZorgmutatie,
    "CAK: MAZ/MEZ (art. 7.12), zorg in natura per toewijzing (start and end of delivery per zorgaanbieder), PGB per grant; "
    "key: case id; same guarantees as wlz.besluiten",
)
SVB = Topic("wlz.svb.budgetten", SvbBudgetmutatie, "SVB: a budget holder's PGB per calendar year with every change; key: case id")
ALERTS = Topic(
    "wlz.rapportage.plafondalerts",
    PgbPlafondDrempelBereikt,
    "Reporting: a region crossed a threshold of its PGB plafond; key: region; dedupe on event_id",
)
DLQ = Topic("wlz.dlq", bytes, "Unreadable inbound messages: original key, bytes and headers plus wlz-dlq-* headers (field, rule, source)")
IWLZ_IN = Topic(
    "wlz.iwlz.in",
    bytes,
    "iWlz 2.2 XML received (IO31, AW35, AW39, AW34, CA318, CA320); value: the XML bytes, key: free (not used)",
    inbound=True,
    verwerking=(
        "Validated against the official XSD and taken whole or refused whole (a dead letter on wlz.dlq: wlz-dlq-veld = the "
        "element path, wlz-dlq-reden = the message id and the rule); recorded with its Kafka position in one transaction. "
        "Mapped field by field as in services/adapters/iwlz/README.md."
    ),
    xml=True,
)
IWLZ_UIT = Topic(
    "wlz.iwlz.uit",
    bytes,
    "iWlz 2.2 XML made from decisions, XSD-valid: AW33 per toewijzing (to the zorgaanbieder), CA317 per start and CA319 per "
    "change or end of delivery (to the CAK); key: case id; headers iwlz-bericht (type), iwlz-ontvanger (AGB code or CAK), "
    "iwlz-identificatie, event_id (the decision), wlz-iwlz-notificatie (store position); exactly once for read_committed",
    xml=True,
)
IWLZ_RETOUREN = Topic(
    "wlz.iwlz.retouren",
    bytes,
    "The retours we owe (IO32, AW36, AW310) with the standard's retourcodes; key: the received record's key; headers "
    "iwlz-bericht (retour type), iwlz-identificatie-retour (the received message's Identificatie); at least once",
    xml=True,
)

ALLE = (INDICATIES, AANVRAGEN, BESLUITEN, CAK, SVB, ALERTS, DLQ, IWLZ_IN, IWLZ_UIT, IWLZ_RETOUREN)


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
    def iwlz_in(self) -> str:
        return self.naam(IWLZ_IN)

    @property
    def iwlz_uit(self) -> str:
        return self.naam(IWLZ_UIT)

    @property
    def iwlz_retouren(self) -> str:
        return self.naam(IWLZ_RETOUREN)

    @property
    def inbound(self) -> tuple[str, ...]:
        """The JSON inbound topics (the XML one has its own consumer)."""
        return tuple(self.naam(t) for t in ALLE if t.inbound and not t.xml)

    @property
    def alle(self) -> tuple[str, ...]:
        return tuple(self.naam(t) for t in ALLE)
