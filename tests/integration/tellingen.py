"""Counting every outbound topic against the store after faults: for each topic, what should be there
(derived from what the store holds, or what was sent), what is there (read_committed from offset 0),
how many are missing and how many are there twice. Used by the fault test and the scale-out test."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid5

from services.adapters.kafka.reconcile import lees_records
from tests.integration.conftest import Omgeving
from tests.integration.test_kafka_postgres import opgeslagen

BESLUITTYPEN = {
    "LeveringsvormToegekend",
    "LeveringsvormAfgewezen",
    "LeveringsvormBeeindigd",
    "BudgetVastgesteld",
    "EKTToegekend",
    "EKTAfgewezen",
    "MeerzorgGestart",
    "MeerzorgAfgewezen",
    "ToeslagToegekend",
    "ToeslagAfgewezen",
}


@dataclass(frozen=True)
class Telling:
    topic: str
    verwacht: int
    gelezen: int
    verloren: int
    dubbel: int

    def regel(self) -> str:
        return f"{self.topic}: expected {self.verwacht}, read {self.gelezen}, lost {self.verloren}, duplicated {self.dubbel}"


def tel(topic: str, verwacht: set[str], gelezen: list[str]) -> Telling:
    aantallen = Counter(gelezen)
    return Telling(
        topic=topic,
        verwacht=len(verwacht),
        gelezen=len(gelezen),
        verloren=len(verwacht - set(gelezen)),
        dubbel=sum(n - 1 for n in aantallen.values() if n > 1) + len(set(gelezen) - verwacht),
    )


def tel_alle_topics(
    omgeving: Omgeving, gif: Sequence[bytes], onzeker: Sequence[bytes] = (), berichten: list[dict[str, Any]] | None = None
) -> dict[str, Telling]:
    """Decisions, CAK, SVB and dead letters, each against what the store says (the dead letters against
    the poison messages that were sent, each of which is unique; `onzeker`: poison whose send failed,
    which may be there at most once)."""
    berichten = berichten if berichten is not None else opgeslagen(omgeving)
    besluiten = [b for b in berichten if b.get("event_type") in BESLUITTYPEN]
    mutaties = ("LeveringsvormToegekend", "LeveringsvormBeeindigd")
    cak = {str(uuid5(UUID(b["event_id"]), "cak")) for b in besluiten if b["event_type"] in mutaties}
    svb = {
        str(uuid5(UUID(b["event_id"]), "svb"))
        for b in besluiten
        if b["event_type"] == "BudgetVastgesteld" and any(v["leveringsvorm"] == "pgb" for v in b["payload"]["leveringsvormen"])
    }

    namen = ("wlz.besluiten", "wlz.cak.zorgmutaties", "wlz.svb.budgetten", "wlz.dlq")
    alles = asyncio.run(lees_records(omgeving.infra.bootstrap, [omgeving.topic(n) for n in namen], stil_ms=3000))

    def lees(naam: str) -> list[Any]:
        return [r for r in alles if r.topic == omgeving.topic(naam)]

    def ids(naam: str) -> list[str]:
        return [json.loads(r.value)["event_id"] for r in lees(naam)]

    tellingen = {
        "wlz.besluiten": tel("wlz.besluiten", {b["event_id"] for b in besluiten}, ids("wlz.besluiten")),
        "wlz.cak.zorgmutaties": tel("wlz.cak.zorgmutaties", cak, ids("wlz.cak.zorgmutaties")),
        "wlz.svb.budgetten": tel("wlz.svb.budgetten", svb, ids("wlz.svb.budgetten")),
    }
    gelezen_gif = Counter(r.value for r in lees("wlz.dlq"))
    # poison whose send failed may be there once; more is a duplicate
    verwacht_gif = Counter(gif) + Counter({g: 1 for g in onzeker if gelezen_gif[g]})
    tellingen["wlz.dlq"] = Telling(
        topic="wlz.dlq",
        verwacht=len(gif),
        gelezen=sum(gelezen_gif.values()),
        verloren=sum((verwacht_gif - gelezen_gif).values()),
        dubbel=sum((gelezen_gif - verwacht_gif).values()),
    )
    return tellingen
