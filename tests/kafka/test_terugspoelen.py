"""The guard that rewinds a batch which never reached the end of the handler
(services/adapters/kafka/terugspoelen.py), and the parser that tolerates headers FastStream's parser
could not decode (services/adapters/kafka/koppen.py). On a real broker: tests/integration/test_niets_overgeslagen.py."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiokafka import ConsumerRecord, TopicPartition

from services.adapters.kafka.gezondheid import Gezondheid
from services.adapters.kafka.koppen import leesbare_koppen, ontleed_batch
from services.adapters.kafka.terugspoelen import Terugspoeler, vroegste_offsets


def record(topic: str, partitie: int, offset: int, koppen: Any = ()) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(topic, partitie, offset, 0, 0, b"k", b"{}", None, 1, 2, list(koppen))


class NepConsumer:
    def __init__(self, toegewezen: set[TopicPartition]) -> None:
        self.toegewezen = toegewezen
        self.seeks: list[tuple[TopicPartition, int]] = []

    def assignment(self) -> set[TopicPartition]:
        return self.toegewezen

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.seeks.append((tp, offset))


BATCH = (record("a", 0, 7), record("a", 1, 3), record("a", 0, 8), record("a", 1, 2), record("b", 0, 40))


def test_de_vroegste_offset_per_partitie() -> None:
    assert vroegste_offsets(BATCH) == {TopicPartition("a", 0): 7, TopicPartition("a", 1): 2, TopicPartition("b", 0): 40}
    assert vroegste_offsets(record("a", 0, 5)) == {TopicPartition("a", 0): 5}


def test_een_batch_die_de_handler_niet_afmaakte_wordt_teruggespoeld_op_zijn_toegewezen_partities() -> None:
    consumer = NepConsumer({TopicPartition("a", 0), TopicPartition("a", 1)})  # b:0 was taken away meanwhile
    gezondheid = Gezondheid(toegewezen=True)
    bewaker = Terugspoeler(lambda: consumer, gezondheid, wacht=0)
    asyncio.run(bewaker(BATCH, context=None).after_processed(RuntimeError, RuntimeError("middleware"), None))
    assert sorted(consumer.seeks) == [(TopicPartition("a", 0), 7), (TopicPartition("a", 1), 2)]
    assert bewaker.teruggespoeld == 1
    assert any("consumer loopt vast" in r and "RuntimeError" in r for r in gezondheid.redenen()), "readiness names it"


def test_ook_zonder_fout_telt_of_de_handler_de_batch_afmaakte() -> None:
    # an inner middleware that swallows the error leaves no exception here, and the batch is still not handled
    consumer = NepConsumer({TopicPartition("a", 0), TopicPartition("a", 1), TopicPartition("b", 0)})
    bewaker = Terugspoeler(lambda: consumer, Gezondheid(), wacht=0)
    asyncio.run(bewaker(BATCH, context=None).after_processed())
    assert len(consumer.seeks) == 3 and bewaker.teruggespoeld == 1


def test_een_afgehandelde_batch_en_een_publicatie_blijven_ongemoeid() -> None:
    consumer = NepConsumer({TopicPartition("a", 0)})
    bewaker = Terugspoeler(lambda: consumer, Gezondheid(), wacht=0)
    bewaker.afgehandeld(BATCH)
    asyncio.run(bewaker(BATCH, context=None).after_processed(RuntimeError, RuntimeError("na de handler"), None))
    asyncio.run(bewaker(None, context=None).after_processed())  # a publish: FastStream builds it without a message
    assert consumer.seeks == [] and bewaker.teruggespoeld == 0


def test_koppen_die_geen_utf8_zijn_of_geen_waarde_hebben_worden_leesbaar() -> None:
    assert leesbare_koppen([("a", b"\xff\xfeok"), ("b", None), ("c", b"gewoon")]) == [
        ("a", "\ufffd\ufffdok".encode()),
        ("b", b""),
        ("c", b"gewoon"),
    ]
    assert leesbare_koppen(None) == []


class Ontleed:
    """What FastStream's parser does to headers: decode every value as UTF-8."""

    def __init__(self) -> None:
        self.raw_message: Any = None
        self.koppen: list[dict[str, str]] = []


async def faststream_parser(batch: tuple[Any, ...]) -> Ontleed:
    uit = Ontleed()
    uit.koppen = [{k: v.decode() for k, v in r.headers} for r in batch]
    uit.raw_message = batch
    return uit


@pytest.mark.parametrize("kop", [b"\xff", None])
def test_de_parser_geeft_de_records_zoals_ze_kwamen(kop: bytes | None) -> None:
    batch = (record("a", 0, 1, [("x", kop)]), record("a", 0, 2, [("y", b"goed")]))
    bericht = asyncio.run(ontleed_batch(batch, faststream_parser))
    assert bericht.raw_message is batch, "the handler reads the original records and headers"
    assert bericht.koppen == [{"x": "\ufffd" if kop else ""}, {"y": "goed"}]
    gewoon = (record("a", 0, 3, [("y", b"goed")]),)
    assert asyncio.run(ontleed_batch(gewoon, faststream_parser)).raw_message is gewoon  # no copy when it parses
