"""Python's cyclic garbage collector, tuned for a long-running service that holds many objects.

Measured in `wlz serve` under `bench/ingest.py` (20.000 events, 2026-12-07, gc callbacks added for a run):
the collector took 6-7 s of the service's CPU in a run of about 20 s - 28 full collections of 190 ms
on average (at most 320 ms, two runs) and 4.600 young ones - while collecting only about 100.000
objects in all: almost everything is freed by reference counting, and the full collections kept scanning
the 360.000 objects the process holds. Python starts a full collection after every ten of the middle
generation (once a quarter as many objects as it holds have been promoted), which come after every ten
young ones, which come every 700 allocations; so the young
generation is collected every `WLZ_GC_DREMPEL` allocations (50.000: 3 full collections in the same run,
1 s of collecting in all), and what the start made is frozen (`gc.freeze()`: never scanned again, never
freed, which it would not be anyway). Freezing alone did not help (1.048 events/s against 1.378): the
full collections scan what the run builds, the notification buffer and the registers.
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
