"""What an operator sees of the running service, on the real broker and database: Prometheus metrics
scraped from GET /metrics, a trace that runs from the sender's message through the consumer to the
published decision (its context in the Kafka headers), JSON log lines without colour codes, and the
AsyncAPI page served without anything from the internet."""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.request
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.propagate import inject
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from services.adapters.kafka.app import WlzKafka
from tests.integration.conftest import Omgeving, lees_alles, produceer, run
from tests.integration.test_kafka_postgres import aanvraag, bsns, indicatie, sleutel, wacht_op

pytestmark = pytest.mark.integration


def _scrape(omgeving: Omgeving) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{omgeving.poort}/metrics", timeout=5) as antwoord:
        assert antwoord.headers["Content-Type"].startswith("text/plain")
        tekst = antwoord.read().decode()
    waarden = {}
    for regel in tekst.splitlines():
        if regel and not regel.startswith("#"):
            naam, waarde = regel.rsplit(" ", 1)
            waarden[naam] = float(waarde)
    return waarden


def test_metrics_na_besluiten_en_een_dead_letter(omgeving: Omgeving) -> None:
    omgeving.start_dienst(WLZ_LOG_FORMAT="json")
    bsn_a, bsn_b = bsns(2, start=300_000_000)
    run(
        produceer(
            omgeving.infra.bootstrap,
            [
                (omgeving.topic("wlz.indicaties"), sleutel(bsn_a), indicatie(bsn_a)),
                (omgeving.topic("wlz.indicaties"), sleutel(bsn_b), indicatie(bsn_b)),
                (omgeving.topic("wlz.indicaties"), b"x", b"{not json"),
            ],
        )
    )
    wacht_op(omgeving, 3)
    run(produceer(omgeving.infra.bootstrap, [(omgeving.topic("wlz.aanvragen"), sleutel(bsn_a), aanvraag(bsn_a))]))
    wacht_op(omgeving, 4)
    deadline = time.monotonic() + 60
    while True:  # the projections follow the store: wait until they caught up
        waarden = _scrape(omgeving)
        if waarden.get("wlz_projection_lag") == 0 and any(n.startswith("wlz_plafond_gebruik_ratio") for n in waarden):
            break
        assert time.monotonic() < deadline, waarden
        time.sleep(0.5)

    assert waarden["wlz_inbound_berichten_total"] == 4
    assert waarden["wlz_dead_letters_total"] == 1
    assert waarden['wlz_besluiten_total{event_type="LeveringsvormToegekend"}'] == 1
    assert waarden['wlz_besluiten_total{event_type="BudgetVastgesteld"}'] >= 1
    assert waarden["wlz_publisher_backlog"] == 0
    gebruik = waarden['wlz_plafond_gebruik_ratio{jaar="2020",regio="Utrecht"}']
    assert 0 < gebruik < 1
    lag = {n: w for n, w in waarden.items() if n.startswith("wlz_consumer_lag{")}
    assert f'wlz_consumer_lag{{partition="0",topic="{omgeving.topic("wlz.indicaties")}"}}' in lag or lag
    assert all(w == 0 for w in lag.values()), lag
    # FastStream's Kafka middleware, in the same registry
    ontvangen = {n: w for n, w in waarden.items() if n.startswith("faststream_received_messages_total{")}
    assert ontvangen and sum(ontvangen.values()) >= 2, sorted(waarden)[:20]
    # the garbage collector's own time (services/adapters/garbage.py), per generation
    for generatie in "012":
        assert waarden[f'wlz_gc_seconden_total{{generatie="{generatie}"}}'] >= 0
        assert waarden[f'wlz_gc_collecties_total{{generatie="{generatie}"}}'] >= 0
        assert f'wlz_gc_langste_pauze_seconden{{generatie="{generatie}"}}' in waarden
    with urllib.request.urlopen(f"http://127.0.0.1:{omgeving.poort}/health", timeout=5) as antwoord:
        assert set(json.loads(antwoord.read())["gc"]) == {"collecties", "seconden", "langste_ms"}

    # the service's log file: JSON lines, no colour codes
    omgeving.stop_alles()
    regels = (omgeving.logs / "dienst-0.log").read_text(encoding="utf-8").splitlines()
    assert len(regels) > 5
    for regel in regels:
        assert "\x1b" not in regel and "\\u001b" not in regel, regel
        geparsed = json.loads(regel)
        assert {"time", "level", "logger", "message"} <= set(geparsed)


def test_asyncapi_pagina_zonder_internet(omgeving: Omgeving) -> None:
    omgeving.start_dienst()
    with urllib.request.urlopen(f"http://127.0.0.1:{omgeving.poort}/asyncapi", timeout=5) as antwoord:
        assert antwoord.headers["Content-Type"].startswith("text/html")
        html = antwoord.read().decode()
    with urllib.request.urlopen(f"http://127.0.0.1:{omgeving.poort}/asyncapi.json", timeout=5) as antwoord:
        document = json.loads(antwoord.read())
    assert document["asyncapi"].startswith("3.")
    for kanaal in document["channels"]:
        assert f"<h2 id='{kanaal}'>" in html
    assert "Besluit" in html and "traceparent" in html and "scramSha512" in html
    assert "one of &quot;Groningen&quot;" in html  # the regio enumeration is shown
    # nothing loaded from elsewhere: no script at all, no external stylesheet, image or font
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.IGNORECASE)


def test_een_spoor_van_bericht_tot_gepubliceerd_besluit(omgeving: Omgeving) -> None:
    """The sender's trace context, carried in the Kafka headers, runs through the consumer's span and the
    publisher's span into the headers of the decision on wlz.besluiten (SDK in-memory exporter)."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    settings = omgeving.settings()
    bsn = bsns(1, start=310_000_000)[0]

    async def doe() -> tuple[Any, list[Any]]:
        dienst = WlzKafka(settings, tracer_provider=provider)
        app = dienst.faststream()
        await app.start()
        try:
            afzender = provider.get_tracer("afzender").start_span("loket verstuurt aanvraag", kind=SpanKind.PRODUCER)
            koppen: dict[str, str] = {}
            inject(koppen, context=trace.set_span_in_context(afzender))
            afzender.end()
            from aiokafka import AIOKafkaProducer

            producer = AIOKafkaProducer(bootstrap_servers=omgeving.infra.bootstrap)
            await producer.start()
            try:
                await producer.send_and_wait(omgeving.topic("wlz.indicaties"), indicatie(bsn), key=sleutel(bsn))
                await producer.send_and_wait(  # the request causes the decisions: it carries the sender's context
                    omgeving.topic("wlz.aanvragen"),
                    aanvraag(bsn),
                    key=sleutel(bsn),
                    headers=[(k, v.encode()) for k, v in koppen.items()],
                )
            finally:
                await producer.stop()
            besluiten = await lees_alles(omgeving.infra.bootstrap, omgeving.topic("wlz.besluiten"), 1, timeout=60)
            return afzender, besluiten
        finally:
            await app.stop()

    afzender, besluiten = asyncio.run(doe())
    trace_id = format(afzender.get_span_context().trace_id, "032x")
    eerste = next(r for r in besluiten if dict(r.headers)["event_type"] != b"OnleesbaarBericht")
    traceparent = dict(eerste.headers)["traceparent"].decode()
    assert traceparent.split("-")[1] == trace_id, "the decision carries the sender's trace"

    spans = exporter.get_finished_spans()
    in_spoor = [s for s in spans if s.context.trace_id == afzender.get_span_context().trace_id]
    beslissen = next(s for s in in_spoor if s.name == f"{omgeving.topic('wlz.aanvragen')} beslissen")
    publish = next(s for s in in_spoor if s.name == f"{omgeving.topic('wlz.besluiten')} publish")
    assert beslissen.parent is not None and beslissen.parent.span_id == afzender.get_span_context().span_id
    assert publish.parent is not None and publish.parent.span_id == beslissen.context.span_id
    assert publish.kind == SpanKind.PRODUCER and beslissen.kind == SpanKind.CONSUMER
    publish_spans = {format(s.context.span_id, "016x") for s in in_spoor if s.name == publish.name}
    assert traceparent.split("-")[2] in publish_spans, "the header names the decision's publish span"
    # FastStream's consumer span of the batch links to the sender's message
    # FastStream's Kafka telemetry middleware makes the consumer span of the batch; the per-record span links to it
    gelinkt = {link.context.span_id for link in beslissen.links}
    [batch] = [s for s in spans if s.context.span_id in gelinkt]
    assert batch.kind == SpanKind.CONSUMER and batch.name.endswith(" process")  # named after the batch's first topic
    regels = [f"trace {trace_id}"]
    for span in sorted(in_spoor, key=lambda s: s.start_time or 0):
        ouder = format(span.parent.span_id, "016x") if span.parent else "-"
        regels.append(f"  {span.name} [{span.kind.name}] span {format(span.context.span_id, '016x')} parent {ouder}")
    regels.append(f"  header traceparent on {omgeving.topic('wlz.besluiten')}: {traceparent}")
    print("\n" + "\n".join(regels))
