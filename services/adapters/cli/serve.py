"""`wlz serve`: the service on Kafka with its health endpoint."""

from __future__ import annotations

from typing import Annotated

import typer

from services.adapters.cli.common import app


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="interface of the health endpoint (default WLZ_HTTP_HOST or 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port of the health endpoint (default WLZ_HTTP_PORT or 8080)")] = None,
) -> None:
    """Run the service on Kafka (KAFKA_BOOTSTRAP_SERVERS) with the event store of WLZ_PERSISTENCE; GET /health."""
    import logging

    import uvicorn

    from services.adapters.kafka.app import WlzKafka
    from services.settings import Settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = Settings()
    dienst = WlzKafka(settings)
    uvicorn.run(dienst.asgi(), host=host or settings.http_host, port=port or settings.http_port, log_level="info")
