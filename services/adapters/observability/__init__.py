"""What an operator reads from a running `wlz serve`: Prometheus metrics (GET /metrics), OpenTelemetry traces
carried in Kafka headers, JSON log lines, and the AsyncAPI contract as a page (GET /asyncapi).

`routes(dienst)` gives the HTTP routes; the Kafka app (services/adapters/kafka/app.py) adds them to its
ASGI application beside /health.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from faststream.asgi import AsgiResponse, get

if TYPE_CHECKING:
    from services.adapters.kafka.app import WlzKafka


def routes(dienst: WlzKafka) -> list[tuple[str, Any]]:
    from services.adapters.kafka.asyncapi import asyncapi_document
    from services.adapters.observability.asyncapi_page import pagina
    from services.adapters.observability.metrics import CONTENT_TYPE_LATEST

    document = asyncapi_document()
    html = pagina(document).encode()
    als_json = json.dumps(document, ensure_ascii=False, indent=2).encode()

    @get(include_in_schema=False)
    async def metrics(scope: Any) -> AsgiResponse:
        """Prometheus text format; the gauges are read fresh (a failing read leaves them as they were)."""
        try:
            await dienst.metrics.ververs(dienst)
        except Exception as fout:  # the scrape reports what it has, it never fails the service
            dienst.metrics.scrape_fouten.labels(type(fout).__name__).inc()
        return AsgiResponse(dienst.metrics.tekst(), status_code=200, headers={"Content-Type": CONTENT_TYPE_LATEST})

    @get(include_in_schema=False)
    async def asyncapi(scope: Any) -> AsgiResponse:
        return AsgiResponse(html, status_code=200, headers={"Content-Type": "text/html; charset=utf-8"})

    @get(include_in_schema=False)
    async def asyncapi_json(scope: Any) -> AsgiResponse:
        return AsgiResponse(als_json, status_code=200, headers={"Content-Type": "application/json"})

    return [("/metrics", metrics), ("/asyncapi", asyncapi), ("/asyncapi.json", asyncapi_json)]
