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

Then (2026-12-07, these statistics in `bench/decide.py`) most of what was left were young collections
during batches: some 21 in a 20.000-event run in batches of 500 (171 counted from the process start, about
150 of them the start's own), 0,64-0,87 s, freeing almost nothing (1.195 objects in all): each scanned what
the batch being handled held until it was recorded. A larger threshold makes
the collection that does come scan more (200.000: young pauses up to 119 ms). So the collector also
pauses while a batch is handled (`tijdens_een_batch`): what the batch made is freed by reference counting
when it is recorded, and the collection after it scans what outlived it (1 collection, 0,01-0,02 s in the
same run). In `wlz serve` (`bench/ingest.py`, 20.000 events, twice each way) it went from 22-23
collections, 1,19-1,69 s and a longest pause of 146-214 ms to 9 collections, 0,50-0,56 s and 90-95 ms:
what outlives a batch there (the buffer of notifications, the next batch already fetched) cost some
55 ms a collection for 80.000 objects with 370.000-460.000 references (measured in a run). At national
size (300.000 events) 27,1 s and a longest pause of 1.033 ms became 8,3 s and 468 ms. A batch's cyclic
garbage (a retried error's traceback) waits until the batch ends: bounded by the batch. Batches of one
consumer follow each other, so the collector runs between them.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)


class Statistiek:
    """Collections, seconds and the longest pause per generation, from the collector's own callbacks
    (`gc.callbacks`: two calls per collection), for /health and /metrics."""

    def __init__(self) -> None:
        self.collecties = [0, 0, 0]
        self.seconden = [0.0, 0.0, 0.0]
        self.langste = [0.0, 0.0, 0.0]
        self._begin = 0.0

    def __call__(self, fase: str, info: dict[str, Any]) -> None:
        if fase == "start":
            self._begin = time.perf_counter()
            return
        generatie = info["generation"]
        duur = time.perf_counter() - self._begin
        self.collecties[generatie] += 1
        self.seconden[generatie] += duur
        self.langste[generatie] = max(self.langste[generatie], duur)

    def stand(self) -> dict[str, list[Any]]:
        return {
            "collecties": list(self.collecties),
            "seconden": [round(s, 3) for s in self.seconden],
            "langste_ms": [round(s * 1000, 1) for s in self.langste],
        }


class Batchpauze:
    """The collector off from the first batch that begins until the last one running ends (batches of
    several consumers may overlap; the collector is one per process). Left off when it was off before."""

    def __init__(self) -> None:
        self.actief = False  # `na_de_start` turns it on: a process that did not tune its collector is left alone
        self._slot = threading.Lock()
        self._lopend = 0
        self._weer_aan = False

    @contextmanager
    def __call__(self) -> Iterator[None]:
        if not self.actief:
            yield
            return
        with self._slot:
            if self._lopend == 0:
                self._weer_aan = gc.isenabled()
                gc.disable()
            self._lopend += 1
        try:
            yield
        finally:
            with self._slot:
                self._lopend -= 1
                if self._lopend == 0 and self._weer_aan:
                    gc.enable()


statistiek = Statistiek()
tijdens_een_batch = Batchpauze()


def na_de_start(drempel: int, batchpauze: bool = True) -> None:
    """Freezes what the start made, sets the young generation's threshold (0 leaves Python's own) and,
    with `batchpauze` and a threshold, pauses the collector during batches; counts every collection from
    here on."""
    gc.collect()
    gc.freeze()
    if drempel:
        _, tweede, derde = gc.get_threshold()
        gc.set_threshold(drempel, tweede, derde)
    tijdens_een_batch.actief = batchpauze and drempel > 0
    if statistiek not in gc.callbacks:
        gc.callbacks.append(statistiek)
    log.info("garbage collector: %d objects frozen after the start, thresholds %s", gc.get_freeze_count(), gc.get_threshold())
