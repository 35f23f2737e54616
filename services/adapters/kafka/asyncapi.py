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


_UUID = {"type": "string", "format": "uuid"}
_TRACE = {
    "traceparent": {"type": "string", "description": "W3C trace context (OpenTelemetry): the trace of the message that caused this one"},
    "tracestate": {"type": "string"},
}
_UITGAAND = {
    "event_id": {**_UUID, "description": "the event's id, as in the payload: dedupe on it"},
    "event_type": {"type": "string", "description": "as in the payload"},
    "schema_version": {"type": "string", "pattern": "^[1-9][0-9]*$"},
    **_TRACE,
}
_SLEUTEL_CLIENT = {"type": "string", "description": "a pseudonymous client key (e.g. the case id); never the BSN"}
_SLEUTEL_CASE = {**_UUID, "description": "the case id (an HMAC of the BSN: per-case order, no BSN)"}

# channel -> (message name, Kafka key, headers, required headers)
_BERICHTEN: dict[str, tuple[str, dict[str, Any], dict[str, Any], list[str]]] = {
    "wlz.indicaties": ("Indicatie", _SLEUTEL_CLIENT, _TRACE, []),
    "wlz.aanvragen": ("Aanvraag", _SLEUTEL_CLIENT, _TRACE, []),
    "wlz.besluiten": (
        "Besluit",
        _SLEUTEL_CASE,
        {**_UITGAAND, "wlz-notification-id": {"type": "string", "pattern": "^[0-9]+$", "description": "position in the event store"}},
        ["event_id", "event_type", "schema_version", "wlz-notification-id"],
    ),
    "wlz.cak.zorgmutaties": (
        "CakZorgmutatie",
        _SLEUTEL_CASE,
        {**_UITGAAND, "wlz-notification-id": {"type": "string", "pattern": "^[0-9]+$"}},
        ["event_id", "event_type", "schema_version"],
    ),
    "wlz.svb.budgetten": (
        "SvbBudgetmutatie",
        _SLEUTEL_CASE,
        {**_UITGAAND, "wlz-notification-id": {"type": "string", "pattern": "^[0-9]+$"}},
        ["event_id", "event_type", "schema_version"],
    ),
    "wlz.rapportage.plafondalerts": (
        "PgbPlafondDrempelBereikt",
        {"type": "string", "description": "the zorgkantoorregio (art. 8.12)"},
        {**_UITGAAND, "wlz-alert-notificatie": {"type": "string", "pattern": "^[0-9]+$"}},
        ["event_id", "event_type", "schema_version"],
    ),
    "wlz.dlq": (
        "DeadLetter",
        {"type": "string", "description": "the original message's key"},
        {
            f"wlz-dlq-{naam}": {"type": "string", "description": beschrijving}
            for naam, beschrijving in (
                ("soort", "kind of failure"),
                ("veld", "the field that failed (never its value)"),
                ("reden", "the rule that failed"),
                ("bron-topic", "where the message came from"),
                ("bron-partition", "its partition"),
                ("bron-offset", "its offset"),
            )
        },
        ["wlz-dlq-soort", "wlz-dlq-reden"],
    ),
    # iWlz XML (services/adapters/iwlz/kafka.py)
    "wlz.iwlz.in": ("IwlzBericht", {"type": "string", "description": "free: the sender's choice, not used"}, {}, []),
    "wlz.iwlz.uit": (
        "IwlzUitgaand",
        _SLEUTEL_CASE,
        {
            "iwlz-bericht": {"type": "string", "enum": ["AW33", "CA317", "CA319"]},
            "iwlz-ontvanger": {"type": "string", "description": "AGB code of the zorgaanbieder (AW33) or CAK"},
            "iwlz-identificatie": {"type": "string", "maxLength": 12, "description": "the message's Identificatie"},
            "event_id": {**_UUID, "description": "the decision it was made from"},
            "wlz-iwlz-notificatie": {"type": "string", "pattern": "^[0-9]+$", "description": "position in the event store"},
        },
        ["iwlz-bericht", "iwlz-ontvanger", "iwlz-identificatie", "event_id", "wlz-iwlz-notificatie"],
    ),
    "wlz.iwlz.retouren": (
        "IwlzRetour",
        {"type": "string", "description": "the received record's key"},
        {
            "iwlz-bericht": {"type": "string", "enum": ["IO32", "AW36", "AW310"]},
            "iwlz-identificatie-retour": {"type": "string", "maxLength": 12, "description": "the received message's Identificatie"},
        },
        ["iwlz-bericht"],
    ),
}
XML_KANALEN = frozenset({"wlz.iwlz.in", "wlz.iwlz.uit", "wlz.iwlz.retouren"})

SECURITY_SCHEMES: dict[str, Any] = {
    "saslScram512": {"type": "scramSha512", "description": "WLZ_SECURITY_PROTOCOL=SASL_SSL, WLZ_SASL_MECHANISM=SCRAM-SHA-512"},
    "saslScram256": {"type": "scramSha256", "description": "WLZ_SECURITY_PROTOCOL=SASL_SSL, WLZ_SASL_MECHANISM=SCRAM-SHA-256"},
    "saslPlain": {"type": "plain", "description": "WLZ_SECURITY_PROTOCOL=SASL_SSL, WLZ_SASL_MECHANISM=PLAIN (over TLS only)"},
    "mutualTls": {"type": "X509", "description": "WLZ_SECURITY_PROTOCOL=SSL with WLZ_SSL_CERTFILE/WLZ_SSL_KEYFILE"},
}


def _verrijk(document: dict[str, Any]) -> dict[str, Any]:
    """What FastStream does not generate: message names, the Kafka key and headers of each message, the
    discriminator of the union payloads, and the security schemes of a production server."""
    schemas = document["components"]["schemas"]
    for sleutel, bericht in document["components"]["messages"].items():
        kanaal = sleutel.split(":")[0]
        naam, kafka_sleutel, koppen, verplicht = _BERICHTEN[kanaal]
        bericht["name"] = naam
        bericht["contentType"] = (
            "application/octet-stream" if kanaal == "wlz.dlq" else "application/xml" if kanaal in XML_KANALEN else "application/json"
        )
        bericht["headers"] = {"type": "object", "properties": koppen, "required": verplicht}
        bericht["bindings"] = {"kafka": {"key": kafka_sleutel, "bindingVersion": "0.5.0"}}
        if kanaal == "wlz.dlq" or kanaal in XML_KANALEN:
            bericht.pop("correlationId", None)
        else:
            bericht["correlationId"] = {"location": "$message.payload#/correlation_id"}
        payload = schemas[bericht["payload"]["$ref"].split("/")[-1]]
        if "anyOf" in payload:
            payload["discriminator"] = "event_type"
    document["components"]["securitySchemes"] = SECURITY_SCHEMES
    document["servers"]["production"] = {
        "host": "{bootstrap}",
        "protocol": "kafka-secure",
        "description": "TLS with SASL or client certificates (the README's SECURITY section)",
        "variables": {"bootstrap": {"description": "KAFKA_BOOTSTRAP_SERVERS"}},
        "security": [{"$ref": f"#/components/securitySchemes/{naam}"} for naam in SECURITY_SCHEMES],
    }
    for kanaal in document["channels"].values():
        kanaal["servers"] = [{"$ref": f"#/servers/{server}"} for server in sorted(document["servers"])]
    return document


def asyncapi_document() -> dict[str, Any]:
    app = contract_app()
    return _verrijk(dict(json.loads(app.schema.to_specification().to_json())))
