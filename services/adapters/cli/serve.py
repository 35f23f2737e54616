"""`wlz serve`: the service on Kafka with /health, /metrics and /asyncapi.

It first waits for the broker and the database (services/adapters/kafka/startup.py: exponential backoff,
at most WLZ_START_TIMEOUT seconds); when they stay away it says so in one line and exits 5. Log lines are
JSON or text (WLZ_LOG_FORMAT), never with colour codes."""

from __future__ import annotations

from typing import Annotated

import typer

from services.adapters.cli.common import app


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="interface of the health endpoint (default WLZ_HTTP_HOST or 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port of the health endpoint (default WLZ_HTTP_PORT or 8080)")] = None,
) -> None:
    """Run the service on Kafka (KAFKA_BOOTSTRAP_SERVERS) with the event store of WLZ_PERSISTENCE; GET /health, /metrics,
    /asyncapi and the HTTP API under /api. Refuses insecure settings unless WLZ_ONTWIKKELING=1 (services/startcontrole.py)."""
    import asyncio
    import logging
    import os

    import uvicorn

    from services.adapters import garbage
    from services.adapters.kafka.app import WlzKafka
    from services.adapters.kafka.startup import Onbereikbaar, wacht_op_verbindingen
    from services.adapters.observability.log_format import richt_in
    from services.settings import Settings
    from services.startcontrole import onveilig

    settings = Settings()
    richt_in(settings.log_format)
    problemen = onveilig(settings)  # secure defaults: refused unless WLZ_ONTWIKKELING=1
    if problemen and not settings.ontwikkeling:
        for probleem in problemen:
            typer.echo(f"onveilig {probleem}", err=True)
        raise typer.Exit(2)
    for probleem in problemen:
        logging.getLogger("wlz.serve").warning("WLZ_ONTWIKKELING=1, gestart ondanks: %s", probleem)
    os.umask(0o077)  # every file the service makes from here on is readable by its own user only
    try:
        asyncio.run(wacht_op_verbindingen(settings))
    except Onbereikbaar as fout:
        typer.echo(f"geen verbinding: {fout} na {settings.start_timeout:g} s", err=True)
        raise typer.Exit(5) from None  # 5: connection failure (the exit-code scheme of every command)
    dienst = WlzKafka(settings)
    garbage.na_de_start(settings.gc_drempel, settings.gc_batchpauze)  # this process's objects so far are its long-lived ones
    uvicorn.run(
        dienst.asgi(), host=host or settings.http_host, port=port or settings.http_port, log_config=None, use_colors=False
    )
