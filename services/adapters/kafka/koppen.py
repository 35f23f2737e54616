"""Kafka headers the way a broken or hostile producer can send them, and FastStream's parser cannot.

FastStream's batch parser decodes every header value as UTF-8 to give its middlewares a dict of text.
A value that is not UTF-8 (`b"\\xff"`) or absent (Kafka allows a header without a value) made it raise,
and FastStream then skipped the whole batch (`terugspoelen.py`). Headers are metadata here: the handler
reads the raw records, and keeps a dead letter's headers as they came. So the parser sees headers that
can be decoded - every other byte replaced by U+FFFD, an absent value as empty - and the batch it hands
on still carries the original records.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any


def leesbare_koppen(koppen: Any) -> list[tuple[str, bytes]]:
    """Headers whose values decode as UTF-8: what FastStream's middlewares may see of them."""
    return [(sleutel, b"" if waarde is None else bytes(waarde).decode("utf-8", "replace").encode()) for sleutel, waarde in koppen or ()]


async def ontleed_batch(batch: tuple[Any, ...], origineel: Callable[[Any], Awaitable[Any]]) -> Any:
    """FastStream's own parser (the second parameter: FastStream passes it in), run again on headers it can
    decode when the first try fails on them; only then are the records copied."""
    try:
        return await origineel(batch)
    except (UnicodeDecodeError, AttributeError):
        leesbaar = tuple(replace(record, headers=leesbare_koppen(record.headers)) for record in batch)
        bericht = await origineel(leesbaar)
        bericht.raw_message = batch  # the handler reads the records as they came
        return bericht
