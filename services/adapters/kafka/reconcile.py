"""A reconciling consumer, as an SVB- or CAK-style pipeline would build one: read a feed from the
beginning, rebuild an own view, and compare it with the service's ledger.

Records are applied in offset order per partition; the key is the case id, so all records of a case are
in one partition, in the order they were decided. Duplicates (a consumer reading at-least-once) are
dropped on `event_id`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer

from projections.store import LedgerStore


async def lees_records(bootstrap_servers: str | dict[str, Any], topics: Sequence[str], stil_ms: int = 1500) -> list[Any]:
    """Every committed record of `topics` from offset 0 (read_committed), until they stay quiet for `stil_ms`
    (`bootstrap_servers` may be the full connection arguments, with TLS/SASL)."""
    verbinding = {"bootstrap_servers": bootstrap_servers} if isinstance(bootstrap_servers, str) else bootstrap_servers
    consumer = AIOKafkaConsumer(
        *topics, **verbinding, group_id=None, auto_offset_reset="earliest", isolation_level="read_committed", enable_auto_commit=False
    )
    records: list[Any] = []
    try:
        await consumer.start()  # inside: a consumer that failed to start is closed too
        while batch := await consumer.getmany(timeout_ms=stil_ms):
            for recs in batch.values():
                records.extend(recs)
    finally:
        await consumer.stop()
    return records


async def lees_feed(bootstrap_servers: str | dict[str, Any], topic: str, stil_ms: int = 1500) -> list[dict[str, Any]]:
    """Every committed record of `topic` from the start, decoded, per partition in offset order."""
    records = await lees_records(bootstrap_servers, [topic], stil_ms)
    records.sort(key=lambda r: (r.partition, r.offset))
    return [json.loads(r.value) for r in records]


@dataclass
class _View:
    """A consumer's own view; records seen twice (at-least-once reading) are dropped on event_id."""

    gezien: set[str] = field(default_factory=set)

    def pas_toe(self, record: dict[str, Any]) -> None:
        if record["event_id"] not in self.gezien:
            self.gezien.add(record["event_id"])
            self._verwerk(record["case_id"], record["payload"])

    def _verwerk(self, case_id: str, p: dict[str, Any]) -> None:
        raise NotImplementedError


@dataclass
class SvbView(_View):
    """What an SVB-style consumer keeps: the latest PGB of every budget holder and year."""

    pgb: dict[tuple[str, int], int] = field(default_factory=dict)

    def _verwerk(self, case_id: str, p: dict[str, Any]) -> None:
        self.pgb[(str(case_id), int(p["jaar"]))] = int(p["pgb_bedrag"])


@dataclass
class CakView(_View):
    """What a CAK-style consumer keeps: the care periods per client and leveringsvorm."""

    perioden: dict[tuple[str, str, str], str | None] = field(default_factory=dict)  # (bsn, vormen, ingang) -> einde

    def _verwerk(self, case_id: str, p: dict[str, Any]) -> None:
        sleutel = (p["bsn"], "+".join(v["leveringsvorm"] for v in p["leveringsvormen"]), p["ingangsdatum"])
        self.perioden[sleutel] = p["einddatum"] if p["melding"] == "MEZ" else self.perioden.get(sleutel)


def svb_view(records: list[dict[str, Any]]) -> SvbView:
    view = SvbView()
    for record in records:
        view.pas_toe(record)
    return view


async def reconcilieer_svb(view: SvbView, ledger: LedgerStore) -> list[str]:
    """Differences between the SVB view and the service's budget ledger (empty: reconciled)."""
    verschillen = []
    verwacht = {(r.case_id, r.jaar): r.pgb_deel for r in await ledger.budgetten() if "pgb" in r.leveringsvormen.split("+")}
    for sleutel in sorted(set(verwacht) | set(view.pgb)):
        if view.pgb.get(sleutel) != verwacht.get(sleutel):
            verschillen.append(f"case {sleutel[0]} jaar {sleutel[1]}: feed {view.pgb.get(sleutel)} tegen ledger {verwacht.get(sleutel)}")
    return verschillen
