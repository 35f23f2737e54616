"""No batch is skipped when something before our handler fails, on a real broker and PostgreSQL.

FastStream parses a batch, runs the broker's middlewares and only then calls the handler. When anything
in that path raises, FastStream logs it and fetches the next batch: the records of the failed one are
never handed to the handler, and the next batch's commit passes over them. Two ways in which that
happened or could happen, each tested on the service in this process:
- a record whose header is not UTF-8 (or has no value): FastStream's parser decodes every header and
  raised, so a hostile or broken producer made a whole batch disappear without a dead letter;
- a middleware that raises before the handler (a bug in an observability library): the guard
  (services/adapters/kafka/terugspoelen.py) rewinds the batch's partitions, so it is fetched again.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from faststream import BaseMiddleware

from services.adapters.kafka.app import WlzKafka
from tests.integration.conftest import Omgeving, lees_alles
from tests.integration.test_kafka_postgres import bsns, indicatie, sleutel

pytestmark = pytest.mark.integration


async def wacht_op_verwerkt(dienst: WlzKafka, aantal: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if dienst.gezondheid.verwerkt + dienst.gezondheid.dead_letters >= aantal:
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"{dienst.gezondheid.verwerkt} processed and {dienst.gezondheid.dead_letters} dead letters, {aantal} expected")


def ontvangen_indicaties(dienst: WlzKafka) -> list[str]:
    """The BSNs of the indications in the store, in order (each once when none was lost or doubled)."""
    _, berichten = dienst.service.berichten_na(0, 10_000)
    return [b["payload"]["bsn"] for _, b in berichten if b["event_type"] == "IndicatieOntvangen"]


async def stuur(bootstrap: str, berichten: list[tuple[str, bytes, bytes, list[tuple[str, Any]]]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        batch = producer.create_batch()
        for _, key, value, headers in berichten:  # one produce batch: they arrive in one consumer batch
            assert batch.append(key=key, value=value, timestamp=None, headers=headers) is not None
        topic = berichten[0][0]
        partities = await producer.partitions_for(topic)
        await (await producer.send_batch(batch, topic, partition=min(partities)))
    finally:
        await producer.stop()


def test_een_kop_die_geen_utf8_is_of_geen_waarde_heeft_verliest_geen_bericht(omgeving: Omgeving) -> None:
    mensen = bsns(4, start=330_000_000)
    topic = omgeving.topic("wlz.indicaties")
    berichten = [
        (topic, sleutel(mensen[0]), indicatie(mensen[0]), []),
        (topic, sleutel(mensen[1]), indicatie(mensen[1]), [("herkomst", b"\xff\xfe loket")]),
        (topic, sleutel(mensen[2]), indicatie(mensen[2]), [("traceparent", None)]),
        (topic, sleutel(mensen[3]), indicatie(mensen[3]), [("traceparent", b"00-\xff")]),
        (topic, b"onleesbaar", b"{geen json", [("leeg", None), ("herkomst", b"\xff")]),  # a dead letter, its headers kept
    ]

    async def doe() -> tuple[WlzKafka, list[Any]]:
        dienst = WlzKafka(omgeving.settings())
        app = dienst.faststream()
        await app.start()
        try:
            await stuur(omgeving.infra.bootstrap, berichten)
            await wacht_op_verwerkt(dienst, len(berichten))
            return dienst, await lees_alles(omgeving.infra.bootstrap, omgeving.topic("wlz.dlq"), 1)
        finally:
            await app.stop()

    dienst, dlq = asyncio.run(doe())
    assert dienst.gezondheid.verwerkt == 4 and dienst.gezondheid.dead_letters == 1
    [dood] = dlq
    assert dood.value == b"{geen json" and dood.key == b"onleesbaar"
    assert [kop for kop in dood.headers if not kop[0].startswith("wlz-")] == [("leeg", None), ("herkomst", b"\xff")], "headers as they came"
    assert sorted(ontvangen_indicaties(dienst)) == sorted(mensen), "each person's indication recorded once"
    assert dienst.terugspoeler.teruggespoeld == 0, "the parser no longer fails: nothing needed rewinding"


class FaaltEenKeer(BaseMiddleware):
    """A middleware with a bug: it raises before the handler, the first time only."""

    gefaald = 0

    async def on_receive(self) -> None:
        if FaaltEenKeer.gefaald == 0:
            FaaltEenKeer.gefaald += 1
            raise RuntimeError("een fout in een middleware")


def test_een_middleware_die_voor_de_handler_faalt_spoelt_de_batch_terug(omgeving: Omgeving) -> None:
    mensen = bsns(5, start=340_000_000)
    topic = omgeving.topic("wlz.indicaties")

    async def doe() -> WlzKafka:
        dienst = WlzKafka(omgeving.settings())
        dienst.broker.add_middleware(FaaltEenKeer)
        app = dienst.faststream()
        await app.start()
        try:
            await stuur(omgeving.infra.bootstrap, [(topic, sleutel(b), indicatie(b), []) for b in mensen[:3]])
            await wacht_op_verwerkt(dienst, 3)
            await stuur(omgeving.infra.bootstrap, [(topic, sleutel(b), indicatie(b), []) for b in mensen[3:]])
            await wacht_op_verwerkt(dienst, 5)
            return dienst
        finally:
            await app.stop()

    dienst = asyncio.run(doe())
    assert FaaltEenKeer.gefaald == 1
    assert dienst.terugspoeler.teruggespoeld == 1
    assert dienst.gezondheid.verwerkt == 5
    assert sorted(ontvangen_indicaties(dienst)) == sorted(mensen), "the failed batch was fetched again: none lost, none doubled"
