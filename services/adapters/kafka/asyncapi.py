"""The published contract of the Kafka interface as a FastStream application, for AsyncAPI 3 only.

It declares every topic the service reads and writes with the pydantic model of what travels on it;
its handlers never run. `wlz contract` (or `faststream docs gen services.adapters.kafka.asyncapi:contract_app
--factory`) writes `events/contract/asyncapi.json`; a test keeps the committed file equal to this.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from faststream import FastStream
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI

from services.adapters.kafka.topics import ALLE, Topic
from services.settings import Settings

VERSIE = "1.0.0"


def contract_app() -> FastStream:
    # the published contract must not depend on who generates it: the declared default server, not the environment's
    settings = Settings(topic_prefix="", bootstrap_servers=Settings.model_fields["bootstrap_servers"].default)
    broker = KafkaBroker(settings.bootstrap_servers, description="Wlz case management of a zorgkantoor")
    for topic in ALLE:
        if topic.inbound:
            broker.subscriber(topic.naam, title=topic.naam, description=topic.beschrijving)(_handler(topic))
        else:
            broker.publisher(topic.naam, title=topic.naam, description=topic.beschrijving, schema=topic.schema)
    return FastStream(broker, specification=AsyncAPI(title="wlz-casemanagement", version=VERSIE, description=__doc__))


def _handler(topic: Topic) -> Callable[..., Awaitable[None]]:
    """A handler that never runs: its signature carries the topic's model into the document."""

    async def handler(bericht: Any) -> None:
        return None

    handler.__annotations__ = {"bericht": topic.schema, "return": None}
    handler.__name__ = handler.__qualname__ = topic.naam.removeprefix("wlz.")
    handler.__doc__ = topic.verwerking
    return handler


def asyncapi_document() -> dict[str, Any]:
    app = contract_app()
    return dict(json.loads(app.schema.to_specification().to_json()))
