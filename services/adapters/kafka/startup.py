"""Before `wlz serve` starts: wait for the broker and the database, with exponential backoff (tenacity),
for at most WLZ_START_TIMEOUT seconds. In a cluster the service often starts before Kafka or PostgreSQL
answers; a restart loop with a long traceback helps nobody. When the time is up the caller says in one
line what could not be reached (exit code 5 in the CLI's scheme).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from tenacity import AsyncRetrying, before_sleep_log, retry_if_exception_type, stop_after_delay, wait_exponential

from services.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Onbereikbaar(Exception):
    """What could not be reached at start (never a password: the database is named by host and port)."""

    wat: str
    fout: BaseException

    def __str__(self) -> str:
        return f"{self.wat} onbereikbaar ({type(self.fout).__name__})"


async def _broker(settings: Settings) -> None:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(**settings.aiokafka_args(), request_timeout_ms=5000)
    try:
        await admin.start()
        await admin.list_topics()
    finally:
        await admin.close()


async def _database(settings: Settings) -> None:
    if settings.persistence != "postgres":
        return
    import psycopg

    verbinding = await psycopg.AsyncConnection.connect(settings.database_url_value(), connect_timeout=5)
    await verbinding.close()


async def wacht_op_verbindingen(settings: Settings) -> None:
    """Returns when the broker and the database answer; raises `Onbereikbaar` when WLZ_START_TIMEOUT ran out."""
    from urllib.parse import urlparse

    database = "database"
    if settings.persistence == "postgres":
        url = urlparse(settings.database_url_value())
        database = f"database {url.hostname}:{url.port or 5432}"
    for wat, probeer in ((f"broker {settings.bootstrap_servers}", _broker), (database, _database)):
        try:
            async for poging in AsyncRetrying(
                stop=stop_after_delay(settings.start_timeout),
                wait=wait_exponential(multiplier=0.5, max=8),
                retry=retry_if_exception_type(Exception),
                before_sleep=before_sleep_log(log, logging.WARNING),
                reraise=True,
            ):
                with poging:
                    await probeer(settings)
        except Exception as fout:
            raise Onbereikbaar(wat, fout) from None
