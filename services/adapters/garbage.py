"""Python's cyclic garbage collector, tuned for a long-running service that holds many objects.

Measured in `wlz serve` under `bench/ingest.py` (20.000 events, 2026-12-07, gc callbacks added for a run):
the collector took some 6 s of the service's CPU in a run of about 20 s - 28 full collections of 190 ms
on average (at most 320 ms: the p99 latency) and 4.600 young ones - while collecting only about 100.000
objects in all: almost everything is freed by reference counting, and the full collections scanned the
360.000 objects the process holds, most of them made at start (modules, pydantic and FastStream schemas)
and never garbage. So after the start the objects made so far are frozen (`gc.freeze()`: the collector
no longer scans them, they are never freed, which they would not be anyway), and the young generation
is collected every `WLZ_GC_DREMPEL` allocations instead of every 700.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)


def na_de_start(drempel: int) -> None:
    """Freezes what the start made and sets the young generation's threshold (0 leaves Python's own)."""
    gc.collect()
    gc.freeze()
    if drempel:
        _, tweede, derde = gc.get_threshold()
        gc.set_threshold(drempel, tweede, derde)
    log.info("garbage collector: %d objects frozen after the start, thresholds %s", gc.get_freeze_count(), gc.get_threshold())
