"""The measured part of bench/replay, run as its own process: bring the live ledgers up to date, rebuild
them from the first event, compare, and print one JSON line with the figures."""

from __future__ import annotations

import asyncio
import json
import resource
import time

from projections.runner import ProjectieRunner, herbouw, vergelijk
from services import bootstrap
from services.config import Instellingen


async def main() -> None:
    instellingen = Instellingen()
    service = bootstrap.service(instellingen)
    live = await bootstrap.ledger_store(instellingen)
    await ProjectieRunner(service, live, batch=20_000).bij()
    doel = await bootstrap.ledger_store(instellingen, herbouw=True)
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
