"""How soon the inbound consumer fetches again: aiokafka's pause after a fetch, and when to drop it.

aiokafka's fetcher sends no fetch to a broker while any partition it leads still holds fetched records
the handler has not taken, unless those records are older than its `prefetch_backoff` (100 ms; the
consumer does not expose it). With one broker leading every partition, a record that arrived while a
batch was being decided was therefore fetched only after the NEXT batch had begun, and handled in the
one after that: it waited two batch lengths before its batch began. Measured in `wlz serve` under
`bench/ingest.py` at 500 events/s (timing logs added for the run, not committed): from a record's
timestamp to the `getmany` that returned it, p50 17,4 ms with the pause and 11,2 ms without; the
latency to the first decision p50 27 -> 21 ms, p99 61 -> 48 ms. Without the pause the fetcher still
never fetches a partition whose records wait to be taken, so nothing is read twice or out of order; it
only goes on fetching the others.

But with two instances on this 2-core machine the same setting made it worse (the same benchmark with
`--processes 2`: p99 505 and 846 ms with 0, against 97 ms with 100, 114 ms with 10, and 111 ms on the code
before; why was not found). So the default stays aiokafka's 100 ms (`WLZ_OPHAALPAUZE_MS`), and 0 is for a
zorgkantoor that runs one instance.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def zet_ophaalpauze(consumer: Any, seconden: float) -> bool:
    """Sets the fetcher's pause (`WLZ_OPHAALPAUZE_MS`); False, with a warning, when this aiokafka has
    no such fetcher attribute (another version: the consumer then works as that version does)."""
    fetcher = getattr(consumer, "_fetcher", None)
    if fetcher is None or not hasattr(fetcher, "_prefetch_backoff"):
        log.warning("this aiokafka has no fetcher pause to set: the consumer keeps its own")
        return False
    fetcher._prefetch_backoff = seconden
    return True
