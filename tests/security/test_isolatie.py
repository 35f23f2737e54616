"""Failures that will never succeed are isolated (issue 11 item 3): the decision publisher sets one
stored event it cannot publish aside as a dead letter and publishes everything after it; its retries
back off; and its failures show in readiness while they last. Without a broker: what the publisher
would send in its Kafka transactions is captured."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError

from services.adapters.kafka.gezondheid import BatchMarker, Gezondheid
from services.adapters.kafka.herstel import Gelijktijdigheid, met_herhaling, tijdelijk
from services.adapters.kafka.publishers import BesluitenPublisher
from services.adapters.kafka.verwerking import BatchVerwerker
from services.application import WlzService
from services.settings import Settings
from tests.conftest import BSN, BSN_2, aanvraag, indicatie

Record = tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]


class Opvanger(BesluitenPublisher):
    """The decision publisher with its Kafka transactions captured instead of sent."""

    def __init__(self, service: WlzService, gezondheid: Gezondheid) -> None:
        super().__init__(service, Settings(publiceer_batch=100), gezondheid)
        self.transacties: list[list[Record]] = []

    async def _verstuur(self, records: Any) -> None:
        if records:
            self.transacties.append(list(records))


async def publiceer_alles(publisher: Opvanger, tot: int) -> None:
    taak = asyncio.create_task(publisher._lus())
    try:
        async with asyncio.timeout(30):
            while publisher.positie < tot:
                await asyncio.sleep(0.01)
    finally:
        taak.cancel()


def test_een_onleesbaar_opgeslagen_event_wordt_een_dode_letter_en_de_rest_wordt_gepubliceerd(tmp_path: Path) -> None:
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    service.verwerk(indicatie(bsn=BSN))
    service.verwerk(aanvraag(["pgb"], bsn=BSN))
    service.verwerk(indicatie(bsn=BSN_2))
    service.verwerk(aanvraag(["pgb"], bsn=BSN_2))
    laatste, berichten = service.berichten_na(0)
    kapot = next(n for n, b in berichten if b["event_type"] == "LeveringsvormToegekend")  # the first client's grant
    with sqlite3.connect(tmp_path / "store" / "wlz.sqlite") as db:  # a stored decision that no longer decodes
        # still recognisable as a decision (the publisher skips other types unread), no longer decodable
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (b'{"LeveringsvormToegekend": \x00kapot', kapot))
    gezondheid = Gezondheid()
    publisher = Opvanger(service, gezondheid)

    asyncio.run(publiceer_alles(publisher, laatste))

    records = [r for t in publisher.transacties for r in t]
    besluiten = [json.loads(w)["event_type"] for topic, _, w, _ in records if topic == "wlz.besluiten"]
    assert besluiten == ["BudgetVastgesteld", "LeveringsvormToegekend", "BudgetVastgesteld"]  # all but the broken one
    [dood] = [dict(k) for topic, _, _, k in records if topic == "wlz.dlq"]
    assert dood["wlz-dlq-soort"] == b"publicatie" and dood["wlz-notification-id"] == str(kapot).encode()
    assert BSN.encode() not in b"".join(dood.values())
    assert publisher.geisoleerd == 1 and publisher.positie == laatste
    assert gezondheid.publisher_fout_sinds is None  # it recovered: ready again


def test_zolang_de_publisher_faalt_is_de_instantie_niet_gereed(tmp_path: Path) -> None:
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    service.verwerk(indicatie())
    gezondheid = Gezondheid(toegewezen=True)
    publisher = Opvanger(service, gezondheid)

    async def onbereikbaar(*_: Any) -> None:
        raise ConnectionError("broker away")

    publisher._verstuur = onbereikbaar  # type: ignore[method-assign]

    async def even_draaien() -> None:
        taak = asyncio.create_task(publisher._lus())
        await asyncio.sleep(0.5)
        taak.cancel()

    asyncio.run(even_draaien())
    assert any("publisher loopt vast" in r for r in gezondheid.redenen())
    assert publisher.positie == 0 and publisher.geisoleerd == 0  # a transient failure skips nothing


def test_tijdelijke_fouten_worden_herhaald_en_blijvende_begrensd() -> None:
    pogingen = {"n": 0}

    async def blijvend() -> None:
        pogingen["n"] += 1
        raise ValueError("bug")

    with pytest.raises(ValueError):
        asyncio.run(met_herhaling("test", blijvend, pogingen=3))
    assert pogingen["n"] == 3

    async def eerst_weg() -> str:
        pogingen["n"] += 1
        if pogingen["n"] < 8:
            raise ConnectionError("database away")
        return "gelukt"

    pogingen["n"] = 0
    assert asyncio.run(met_herhaling("test", eerst_weg, max_wachttijd=0.01)) == "gelukt"
    assert pogingen["n"] == 8  # more than the bound for lasting failures: a transient one is waited out
    assert tijdelijk(Gelijktijdigheid()) and not tijdelijk(KeyError("x"))


@dataclass
class Rec:
    """What the consumer hands over of a Kafka record."""

    topic: str
    partition: int
    offset: int
    value: bytes
    key: bytes | None = None
    headers: tuple[tuple[str, bytes], ...] = ()


class NepConsumer:
    def __init__(self) -> None:
        self.commits: list[dict[Any, int]] = []

    async def commit(self, posities: dict[Any, int]) -> None:
        self.commits.append(posities)


def json_van(event: Any) -> bytes:
    return event.model_dump_json().encode()


def verwerker(service: WlzService, gezondheid: Gezondheid, hoogstens: float = 60.0) -> BatchVerwerker:
    return BatchVerwerker(service, Settings(), gezondheid, BatchMarker(None), hoogstens=hoogstens)


def verwerk(v: BatchVerwerker, records: list[Rec], consumer: NepConsumer) -> bool:
    """One batch, and the commit that follows it in the background."""

    async def met_commit() -> bool:
        gelukt = await v.verwerk(records, consumer)
        await v.committer.afgerond()
        return gelukt

    return asyncio.run(met_commit())


def test_een_bericht_dat_nooit_lukt_wordt_na_begrensde_pogingen_een_dode_letter_en_de_partitie_gaat_door(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    goed, gif, ander = indicatie(bsn=BSN), indicatie(bsn=BSN_2, regio="Twente"), indicatie(bsn="123456782")
    echt = service._beslis_op
    pogingen = {"n": 0}

    def beslis_op(case: Any, bericht: Any, *rest: Any) -> Any:
        if bericht.event_id == gif.event_id:
            pogingen["n"] += 1
            raise KeyError("a bug that hits this one message every time")
        return echt(case, bericht, *rest)

    monkeypatch.setattr(service, "_beslis_op", beslis_op)
    gezondheid, consumer = Gezondheid(toegewezen=True), NepConsumer()
    records = [Rec("wlz.indicaties", 0, n, json_van(e)) for n, e in enumerate((goed, gif, ander))]

    assert verwerk(verwerker(service, gezondheid), records, consumer) is True

    assert service.toestand(service.case_id(BSN)) is not None and service.toestand(service.case_id("123456782")) is not None
    assert service.toestand(service.case_id(BSN_2)) is None  # nothing stored from it ...
    _, berichten = service.berichten_na(0)
    [dood] = [b for _, b in berichten if b["event_type"] == "OnleesbaarBericht"]  # ... but kept whole as a dead letter
    assert (dood["soort"], dood["bron_offset"], dood["reden"]) == ("verwerking", 1, "KeyError bij verwerken, na herhaalde pogingen")
    assert pogingen["n"] == 3 + 3  # bounded: three on the batch, three on the message alone
    assert [list(c.values()) for c in consumer.commits] == [[3]]
    assert gezondheid.geisoleerd == 1 and gezondheid.redenen() == []


def test_een_tijdelijke_fout_wordt_niet_een_dode_letter_maar_teruggespoeld_en_maakt_niet_gereed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = WlzService(Settings(data_dir=tmp_path / "store"))

    def weg(*_: Any, **__: Any) -> Any:
        raise OperationalError("the database is away")

    monkeypatch.setattr(service, "verwerk_reeks", weg)
    gezondheid, consumer = Gezondheid(toegewezen=True), NepConsumer()
    records = [Rec("wlz.indicaties", 0, 0, json_van(indicatie()))]
    assert verwerk(verwerker(service, gezondheid, hoogstens=0.5), records, consumer) is False
    assert consumer.commits == [] and gezondheid.geisoleerd == 0
    assert any("consumer loopt vast" in r and "OperationalError" in r for r in gezondheid.redenen())


def test_een_indicatie_op_het_aanvragentopic_wordt_een_dode_letter(tmp_path: Path) -> None:
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    gezondheid, consumer = Gezondheid(toegewezen=True), NepConsumer()
    records = [Rec("wlz.aanvragen", 0, 0, json_van(indicatie())), Rec("wlz.indicaties", 0, 0, json_van(aanvraag(["pgb"])))]
    assert verwerk(verwerker(service, gezondheid), records, consumer) is True
    assert service.toestand(service.case_id(BSN)) is None
    _, berichten = service.berichten_na(0)
    doden = [b for _, b in berichten if b["event_type"] == "OnleesbaarBericht"]
    assert [(d["bron_topic"], d["veld"]) for d in doden] == [("wlz.aanvragen", "event_type"), ("wlz.indicaties", "event_type")]
    assert all("hoort niet op dit topic" in d["reden"] for d in doden)


def test_een_gestopte_publisher_stopt_ook_midden_in_herhalingen(tmp_path: Path) -> None:
    """Cancelling (leadership lost, shutdown) ends the retries at once: a publisher that kept retrying
    after it was stopped would keep reporting failures and could set good records aside."""
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    service.verwerk(indicatie())
    service.verwerk(aanvraag(["pgb"]))
    publisher = Opvanger(service, Gezondheid())
    pogingen = {"n": 0}

    async def kapot(*_: Any) -> None:
        pogingen["n"] += 1
        raise ValueError("fails every time")

    publisher._verstuur = kapot  # type: ignore[method-assign]

    async def starten_en_stoppen() -> bool:
        publisher._taak = asyncio.create_task(publisher._lus())
        await asyncio.sleep(0.05)
        await publisher.stop()
        na_stop = pogingen["n"]
        await asyncio.sleep(0.5)
        return publisher._taak.done() and pogingen["n"] == na_stop

    assert asyncio.run(starten_en_stoppen())


class TraagConsumer:
    """A consumer whose commits take a while, and fail when told to."""

    def __init__(self, faalt: bool = False) -> None:
        self.commits: list[dict[Any, int]] = []
        self.faalt = faalt

    async def commit(self, posities: dict[Any, int]) -> None:
        await asyncio.sleep(0.05)
        if self.faalt:
            raise RuntimeError("rebalanced meanwhile")
        self.commits.append(dict(posities))


def test_offsets_worden_naast_de_volgende_batch_gecommit_een_tegelijk_elke_partitie_haar_laatste() -> None:
    from aiokafka import TopicPartition

    from services.adapters.kafka.verwerking import Committer

    a, b = TopicPartition("wlz.indicaties", 0), TopicPartition("wlz.aanvragen", 1)

    async def drie_batches() -> tuple[list[dict[Any, int]], dict[Any, int]]:
        committer, consumer = Committer(), TraagConsumer()
        committer.commit(consumer, {a: 10})
        await asyncio.sleep(0)  # the first commit is in flight ...
        committer.commit(consumer, {a: 20, b: 5})
        committer.commit(consumer, {a: 3})  # ... the next two go together, each partition's latest (a reset)
        assert consumer.commits == []  # nothing waited for the broker
        await committer.afgerond()
        return consumer.commits, committer.gecommit

    commits, gecommit = asyncio.run(drie_batches())
    assert commits == [{a: 10}, {a: 3, b: 5}]
    assert gecommit == {a: 3, b: 5}


def test_een_mislukte_commit_wordt_gelogd_en_een_afgenomen_partitie_niet_meer_gecommit(caplog: pytest.LogCaptureFixture) -> None:
    from aiokafka import TopicPartition

    from services.adapters.kafka.verwerking import Committer

    a, b = TopicPartition("wlz.indicaties", 0), TopicPartition("wlz.indicaties", 1)

    async def na_een_rebalance() -> tuple[list[dict[Any, int]], dict[Any, int]]:
        committer = Committer()
        committer.commit(TraagConsumer(faalt=True), {a: 1})
        await committer.afgerond()  # raises nothing
        consumer = TraagConsumer()
        committer.commit(consumer, {a: 2})
        await asyncio.sleep(0)
        committer.commit(consumer, {a: 3, b: 7})
        committer.vergeet(b)  # taken away before its commit went out
        await committer.afgerond()
        return consumer.commits, committer.gecommit

    commits, gecommit = asyncio.run(na_een_rebalance())
    assert commits == [{a: 2}, {a: 3}] and gecommit == {a: 3}
    assert any("commit failed (RuntimeError)" in r.message for r in caplog.records)
