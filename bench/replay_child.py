"""The measured part of bench/replay, run as its own process: bring the live ledgers up to date, rebuild
them from the first event, compare, and print one JSON line with the figures."""

from __future__ import annotations

import asyncio
import json
import resource
import time

from projections.runner import ProjectionRunner, herbouw, vergelijk
from services import bootstrap
from services.settings import Settings


async def main() -> None:
    settings = Settings()
    service = bootstrap.service(settings)
    live = await bootstrap.ledger_store(settings)
    await ProjectionRunner(service, live, batch=20_000).bij()
    doel = await bootstrap.ledger_store(settings, herbouw=True)
    begin = time.perf_counter()
    events = await herbouw(service, doel, batch=20_000)
    seconden = time.perf_counter() - begin
    verschillen = await vergelijk(live, doel)
    budgetten = await doel.aantal("budget_ledger")
    await live.sluit()
    await doel.sluit()
    piek = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"events": events, "seconden": seconden, "piek_rss_mb": piek, "gelijk": not verschillen, "budgetten": budgetten}))


if __name__ == "__main__":
    asyncio.run(main())
