"""The published contract of the Kafka interface as a FastStream application, for AsyncAPI 3 only.

It declares every topic the service reads and writes with the pydantic model of what travels on it;
its handlers never run. `wlz contract` (or `faststream docs gen services.adapters.kafka.asyncapi:contract_app
--factory`) writes `events/contract/asyncapi.json`; a test keeps the committed file equal to this.
"""

from __future__ import annotations

import json
from typing import Any

from faststream import FastStream
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI

from events.besluiten import DecisionEvent, PgbPlafondDrempelBereikt
from events.feeds import CakZorgmutatie, SvbBudgetmutatie
from events.inbound import Aanvraag, IndicatieBeeindigd, IndicatieOntvangen
from services.adapters.kafka.instellingen import KafkaInstellingen

VERSIE = "1.0.0"


def contract_app() -> FastStream:
    # the published contract must not depend on who generates it: the declared default server, not the environment's
    kafka = KafkaInstellingen(topic_prefix="", bootstrap_servers=KafkaInstellingen.model_fields["bootstrap_servers"].default)
    broker = KafkaBroker(kafka.bootstrap_servers, description="Wlz case management of a zorgkantoor")

    @broker.subscriber(
        kafka.indicaties, title="wlz.indicaties", description="CIZ indications; key: a pseudonymous client key, never the BSN"
    )
    async def indicaties(bericht: IndicatieOntvangen | IndicatieBeeindigd) -> None:
        """Recorded with its Kafka position in one transaction; redelivery changes nothing."""

    @broker.subscriber(kafka.aanvragen, title="wlz.aanvragen", description="Client requests; key: a pseudonymous client key")
    async def aanvragen(bericht: Aanvraag) -> None:
        """Decided under the rule set of the request's ingangsdatum."""

    for topic, schema, beschrijving in (
        (
            kafka.besluiten,
            DecisionEvent,
            "Every decision as recorded; key: case id; exactly once for read_committed consumers; dedupe on event_id",
        ),
        (kafka.cak, CakZorgmutatie, "CAK: MAZ/MEZ per client (art. 7.12); key: case id; same guarantees as wlz.besluiten"),
        (kafka.svb, SvbBudgetmutatie, "SVB: a budget holder's PGB per calendar year with every change; key: case id"),
        (
            kafka.alerts,
            PgbPlafondDrempelBereikt,
            "Reporting: a region crossed a threshold of its PGB plafond; key: region; dedupe on event_id",
        ),
        (kafka.dlq, bytes, "Unreadable inbound messages: original key, bytes and headers plus wlz-dlq-* headers (field, rule, source)"),
    ):
        broker.publisher(topic, title=topic, description=beschrijving, schema=schema)

    return FastStream(broker, specification=AsyncAPI(title="wlz-casemanagement", version=VERSIE, description=__doc__))


def asyncapi_document() -> dict[str, Any]:
    app = contract_app()
    return dict(json.loads(app.schema.to_specification().to_json()))
