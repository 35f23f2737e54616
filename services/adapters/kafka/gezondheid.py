"""Liveness and readiness of one service instance, and the in-flight marker of its batches.

Liveness answers "is the process still running its event loop?" (an orchestrator restarts it when not).
Readiness answers "is this instance doing its work?": not before its consumer has joined the group and
been given its partitions, not while a batch or the publisher keeps failing, and not while a partition is
refused because its stored position is ahead of the topic (a re-created topic, `posities.py`). Each
reason is named in the answer, so an operator sees why, never with data in it.

The batch marker (`WLZ_BATCH_MARKER`, a file path) records the phase of the batch in flight - begonnen
(received), opgeslagen (in the store, offsets not yet committed), klaar (offsets handed to the committer,
which commits them beside the next batch: `verwerking.py`) - replaced atomically,
so that after a SIGKILL the file says whether the kill landed mid-batch. The fault test reads it.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Gezondheid:
    toegewezen: bool = False  # the consumer has joined its group and received an assignment (maybe empty)
    partities: set[str] = field(default_factory=set)
    consumer_fout_sinds: float | None = None
    consumer_fout: str | None = None
    publisher_fout_sinds: float | None = None
    publisher_fout: str | None = None
    geweigerd: dict[str, str] = field(default_factory=dict)  # "topic:partition" -> why it is refused
    verwerkt: int = 0
    dead_letters: int = 0
    geisoleerd: int = 0  # messages dead-lettered after failing processing repeatedly
    batches: int = 0

    def consumer_faalt(self, fout: BaseException) -> None:
        if self.consumer_fout_sinds is None:
            self.consumer_fout_sinds = time.monotonic()
        self.consumer_fout = type(fout).__name__

    def consumer_werkt(self) -> None:
        self.consumer_fout_sinds = None
        self.consumer_fout = None

    def publisher_faalt(self, fout: BaseException) -> None:
        if self.publisher_fout_sinds is None:
            self.publisher_fout_sinds = time.monotonic()
        self.publisher_fout = type(fout).__name__

    def publisher_werkt(self) -> None:
        self.publisher_fout_sinds = None
        self.publisher_fout = None

    def redenen(self) -> list[str]:
        """Why this instance is not ready; empty when it is."""
        redenen = []
        if not self.toegewezen:
            redenen.append("consumer heeft nog geen toewijzing van partities (nog niet in de groep)")
        if self.consumer_fout_sinds is not None:
            redenen.append(f"consumer loopt vast sinds {time.monotonic() - self.consumer_fout_sinds:.0f} s ({self.consumer_fout})")
        if self.publisher_fout_sinds is not None:
            redenen.append(f"publisher loopt vast sinds {time.monotonic() - self.publisher_fout_sinds:.0f} s ({self.publisher_fout})")
        redenen.extend(f"partitie {tp} geweigerd: {waarom}" for tp, waarom in sorted(self.geweigerd.items()))
        return redenen

    def tellers(self) -> dict[str, Any]:
        return {
            "verwerkt": self.verwerkt,
            "dead_letters": self.dead_letters,
            "geisoleerd": self.geisoleerd,
            "batches": self.batches,
            "partities": sorted(self.partities),
        }


class BatchMarker:
    """Writes the phase of the batch in flight to a file (only when configured)."""

    def __init__(self, pad: Path | None) -> None:
        self.pad = pad
        self._nummer = 0

    def fase(self, fase: str, **details: Any) -> None:
        if self.pad is None:
            return
        if fase == "begonnen":
            self._nummer += 1
        tijdelijk = self.pad.with_name(f".{self.pad.name}.tmp")
        tijdelijk.write_text(json.dumps({"pid": os.getpid(), "batch": self._nummer, "fase": fase, **details}))
        os.replace(tijdelijk, self.pad)
