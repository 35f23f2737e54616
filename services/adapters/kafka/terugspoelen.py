"""Nothing skipped: a batch that never reached the handler is rewound, so it is fetched again.

FastStream parses a batch, enters the broker's middlewares and only then calls the handler
(`WlzKafka._ontvang`). When anything on that path raises - the parser on a header it cannot decode, a
middleware with a bug - FastStream logs the error and fetches the next batch. The consumer's position has
already moved past the failed one, and the next batch's offset commit would pass over it: its records
would be lost without a dead letter. This guard is the outermost of the broker's middlewares: when a
batch leaves the middleware stack without the handler having finished it, it seeks each of the batch's
partitions back to the batch's first offset, marks the consumer as failing (readiness names it) and
waits a moment before the next fetch, as the handler does when it rewinds a batch itself.

A failure that repeats keeps the partitions where they are (readiness says so) rather than losing them;
the tolerant parser (`koppen.py`) takes away the one cause seen so far.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from types import TracebackType
from typing import Any

from aiokafka import TopicPartition
from faststream import BaseMiddleware

from services.adapters.kafka.gezondheid import Gezondheid

log = logging.getLogger(__name__)


def vroegste_offsets(records: Any) -> dict[TopicPartition, int]:
    """The first offset of each partition in a batch (a record or a tuple of records)."""
    uit: dict[TopicPartition, int] = {}
    for record in records if isinstance(records, tuple | list) else (records,):
        tp = TopicPartition(record.topic, record.partition)
        if tp not in uit or record.offset < uit[tp]:
            uit[tp] = record.offset
    return uit


class Terugspoeler:
    """Builds the guard for each batch (FastStream calls a broker middleware once per message) and
    remembers which batch the handler finished last."""

    def __init__(self, consumer: Callable[[], Any], gezondheid: Gezondheid, wacht: float = 1.0) -> None:
        self._consumer = consumer
        self.gezondheid = gezondheid
        self.wacht = wacht
        self.teruggespoeld = 0  # batches rewound because they did not reach the end of the handler
        self._afgehandeld: object | None = None

    def afgehandeld(self, batch: object) -> None:
        """Called by the handler when it has recorded or itself rewound `batch` (the raw records)."""
        self._afgehandeld = batch

    def __call__(self, msg: Any, /, *, context: Any) -> _Bewaking:
        return _Bewaking(msg, context=context, terugspoeler=self)

    async def na_batch(self, batch: Any, fout: BaseException | None) -> None:
        if batch is None or batch is self._afgehandeld:
            return
        vroegst = vroegste_offsets(batch)
        consumer = self._consumer()
        toegewezen = consumer.assignment() if consumer is not None else set()
        for tp, offset in vroegst.items():
            if tp in toegewezen:  # a partition taken away meanwhile is its new owner's, from the committed offset
                with suppress(Exception):
                    consumer.seek(tp, offset)
        self.teruggespoeld += 1
        reden = type(fout).__name__ if fout is not None else "de handler werd niet bereikt"
        self.gezondheid.consumer_faalt(fout or RuntimeError(reden))
        log.error(
            "a batch did not reach the handler (%s): rewound %s",
            reden,
            ", ".join(f"{tp.topic}:{tp.partition}@{offset}" for tp, offset in sorted(vroegst.items())),
        )
        await asyncio.sleep(self.wacht)


class _Bewaking(BaseMiddleware):
    def __init__(self, msg: Any, /, *, context: Any, terugspoeler: Terugspoeler) -> None:
        super().__init__(msg, context=context)
        self._terugspoeler = terugspoeler

    async def after_processed(
        self,
        exc_type: type[BaseException] | None = None,
        exc_val: BaseException | None = None,
        exc_tb: TracebackType | None = None,
    ) -> bool | None:
        await self._terugspoeler.na_batch(self.msg, exc_val)
        return False  # the error goes on to FastStream, which logs it
