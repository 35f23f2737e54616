"""`wlz accepteer-reset TOPIC`: an operator accepts that an inbound topic was deleted and created again."""

from __future__ import annotations

from typing import Annotated

import typer

from services.adapters.cli.common import DataDir, app, console, open_service


@app.command("accepteer-reset")
def accepteer_reset(
    topic: Annotated[str, typer.Argument(help="the full topic name, as the refusal in the log and in /health/ready names it")],
    data_dir: DataDir = None,
) -> None:
    """After checking that TOPIC was re-created (its offsets started again at 0): the service reads it from
    its beginning under a new generation of positions; the old positions stay as history. Until then the
    service refuses the topic's partitions whose stored position lies beyond their end."""
    from services.adapters.kafka.posities import accepteer_reset as accepteren

    if not topic.endswith(("wlz.indicaties", "wlz.aanvragen")):
        console.print("[red]geen inkomend topic[/]: alleen wlz.indicaties en wlz.aanvragen (met WLZ_TOPIC_PREFIX) hebben posities")
        raise typer.Exit(2)
    service = open_service(data_dir)  # kept referenced: the recorder's connection pool closes with it
    generatie = accepteren(service.process_recorder, topic)
    console.print(f"reset van {topic} geaccepteerd: generatie {generatie}; de service leest het topic opnieuw vanaf het begin")
