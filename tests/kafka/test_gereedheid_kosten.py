"""What the Kafka app spares per batch and per health poll (services/adapters/kafka/app.py): the broker
is pinged at most every few seconds while it answers, and FastStream does not decode the records' bodies
(the contract is parsed from the raw bytes)."""

from __future__ import annotations

import asyncio
import inspect

from services.adapters.kafka.app import BrokerPing, _niet_decoderen


class NepBroker:
    def __init__(self) -> None:
        self.pings = 0
        self.antwoordt = True

    async def vraag(self) -> bool:
        self.pings += 1
        return self.antwoordt


def test_een_geslaagde_ping_geldt_even_een_mislukte_niet() -> None:
    broker = NepBroker()
    ping = BrokerPing(broker.vraag, geldig=60)

    async def vragen() -> list[bool]:
        uit = [await ping.antwoordt() for _ in range(5)]
        ping._tot = 0.0  # the minute has passed
        broker.antwoordt = False
        uit += [await ping.antwoordt(), await ping.antwoordt()]
        broker.antwoordt = True
        uit.append(await ping.antwoordt())
        return uit

    assert asyncio.run(vragen()) == [True] * 5 + [False, False, True]
    assert broker.pings == 1 + 2 + 1  # once for five questions; every question while it fails


def test_de_body_wordt_niet_gedecodeerd() -> None:
    # one parameter: FastStream then calls it alone, without its own decoder (faststream/_internal/endpoint/utils.py)
    assert list(inspect.signature(_niet_decoderen).parameters) == ["bericht"]
    assert asyncio.run(_niet_decoderen(object())) is None


def test_na_de_start_bevriest_de_collector_wat_er_is_en_verzamelt_zelden() -> None:
    import gc

    from services.adapters import garbage
    from services.settings import Settings

    voor = gc.get_threshold()
    try:
        garbage.na_de_start(Settings().gc_drempel)
        assert gc.get_freeze_count() > 10_000, "what the start made is no longer scanned"
        assert gc.get_threshold() == (50_000, voor[1], voor[2])
        garbage.na_de_start(0)  # 0: Python's own threshold left as it is
        assert gc.get_threshold() == (50_000, voor[1], voor[2])
    finally:
        gc.unfreeze()
        gc.set_threshold(*voor)
