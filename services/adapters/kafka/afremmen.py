"""Back-pressure: the consumer waits while this process's readers of the store fall far behind it.

Why: the readers that follow the store in this process (the decision publisher, the iWlz publisher, the
projection runner) get what the consumer just recorded from memory (services/notification_buffer.py).
In a backlog the consumer records faster than the decision publisher publishes; once the publisher was
more than `WLZ_BUFFER_MAXIMUM` notifications behind, the buffer dropped what it had not read yet, and the
publisher read every notification back from the store, decoded it and decrypted it again (in a national
run of bench/ingest.py, 2.221 of the 4.449 reads of this process's readers went to the store, polls that
found nothing new among them), and the CPU that took was taken from the consumer as well (one GIL).
Holding the consumer back keeps the readers within the buffer, so each notification is decoded once,
and bounds how far the feeds lag behind the decisions.

A reader that does not catch up (a publisher that cannot reach the broker, a projection that fails) must
not stop the decisions: after `hoogstens_s` of waiting the consumer goes on, and waits again only once
the readers have come back below half the buffer. Each wait is counted in /health.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sized

log = logging.getLogger(__name__)


class Afremmer:
    """Waits after a batch while the buffer holds more than three quarters of its maximum, until it
    holds half; gives up after `hoogstens_s` (0: never waits)."""

    def __init__(self, maximum: int, hoogstens_s: float, stap_s: float = 0.005, klok: Callable[[], float] = time.monotonic) -> None:
        self.hoog = maximum * 3 // 4
        self.laag = maximum // 2
        self.hoogstens_s = hoogstens_s
        self._stap_s = stap_s
        self._klok = klok
        self._opgegeven = False  # waited the longest once: not again until the readers came back below half
        self.afgeremd = 0  # batches after which the consumer waited
        self.afgeremd_s = 0.0  # seconds waited in all
        self.opgegeven = 0  # waits given up: a reader stayed behind

    async def wacht(self, buffer: Sized | None) -> None:
        if buffer is None or self.hoogstens_s <= 0:
            return
        achter = len(buffer)
        if achter <= self.laag:
            self._opgegeven = False
            return
        if self._opgegeven or achter < self.hoog:
            return
        begin = self._klok()
        self.afgeremd += 1
        try:
            while len(buffer) > self.laag:
                if self._klok() - begin >= self.hoogstens_s:
                    self._opgegeven = True
                    self.opgegeven += 1
                    achter, na = len(buffer), self.hoogstens_s
                    log.warning("a reader of the store stays %d notifications behind after %.0f s: the consumer goes on", achter, na)
                    return
                await asyncio.sleep(self._stap_s)
        finally:
            self.afgeremd_s += self._klok() - begin

    def tellers(self) -> dict[str, float | int]:
        return {"afgeremd": self.afgeremd, "afgeremd_s": round(self.afgeremd_s, 1), "afremmen_opgegeven": self.opgegeven}
