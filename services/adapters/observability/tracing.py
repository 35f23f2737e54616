"""OpenTelemetry traces of `wlz serve`: from the inbound message to the published decision.

The trace context travels in Kafka headers (W3C `traceparent`). FastStream's Kafka telemetry middleware
makes the consumer span of each inbound batch (linked to every message's context). Per record the
consumer makes a `beslissen` span as a child of the context in that record's headers; the decision
publisher makes a `publish` span as a child of the `beslissen` span of the decision's cause
(`causation_id` = the inbound event; one span for a cause's decisions in one published batch) and puts
its context in the headers of the decision and the CAK/SVB records it publishes. So a consumer of
`wlz.besluiten` continues the trace the sender started.

The link from cause to published decision is kept in memory (the last `GROOTTE` causes): after a
restart a decision recorded before it is published with a new trace.

`OTEL_EXPORTER_OTLP_ENDPOINT` (and the SDK's other OTEL_* variables) sends the spans to a collector;
without it spans are made but not exported.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.propagate import inject
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF
from opentelemetry.trace import Link, NonRecordingSpan, Span, SpanContext, SpanKind, TraceFlags, TraceState
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

_PROPAGATOR = TraceContextTextMapPropagator()
GROOTTE = 100_000


def tracer_provider(naam: str = "wlz-casemanagement") -> TracerProvider:
    """The SDK's provider; with an OTLP endpoint configured, spans are exported in batches.

    Without an endpoint nothing would ever read a span, so none is recorded (sampler `always_off`, unless
    OTEL_TRACES_SAMPLER names one): recording a span per record cost 7 % of the service's time for
    nothing. The trace context still travels: the decisions carry the sender's trace id onwards."""
    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", naam)})
    exporteren = bool(os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
    sampler = None if exporteren or os.environ.get("OTEL_TRACES_SAMPLER") else ALWAYS_OFF
    provider = TracerProvider(resource=resource, sampler=sampler)
    if exporteren:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider


def context_uit_koppen(koppen: Iterable[tuple[str, bytes | None]]) -> Context:
    """The trace context a sender put in a Kafka record's headers (empty when there is none; latin-1
    decodes any bytes, and the propagator ignores a malformed value)."""
    drager = {
        sleutel.lower(): waarde.decode("latin-1")
        for sleutel, waarde in koppen
        if waarde is not None and sleutel.lower() in ("traceparent", "tracestate")
    }
    return _PROPAGATOR.extract(drager)


class Sporen:
    """The service's tracer plus the memory of which span decided which inbound event."""

    def __init__(self, provider: TracerProvider) -> None:
        self.provider = provider
        self.tracer = provider.get_tracer("wlz-casemanagement")
        # event id -> (trace id, span id, flags, tracestate): ints and a str, which the garbage collector
        # does not track; SpanContext objects (with their TraceFlags) were 66.000 of the objects it
        # scanned at every full collection after a minute at 500 events/s (bench/ingest.py)
        self._oorzaken: OrderedDict[str, tuple[int, int, int, str]] = OrderedDict()

    def beslissen(self, topic: str, partitie: int, offset: int, koppen: Iterable[tuple[str, bytes | None]]) -> Span:
        """A span for deciding one inbound record, child of the sender's context, linked to the batch span."""
        batch = trace.get_current_span().get_span_context()
        return self.tracer.start_span(
            f"{topic} beslissen",
            context=context_uit_koppen(koppen),
            kind=SpanKind.CONSUMER,
            links=[Link(batch)] if batch.is_valid else None,
            attributes={
                "messaging.system": "kafka",
                "messaging.destination.name": topic,
                "messaging.kafka.destination.partition": partitie,
                "messaging.kafka.message.offset": offset,
            },
        )

    def onthoud(self, event_id: str, span: Span) -> None:
        c = span.get_span_context()
        self._oorzaken[event_id] = (c.trace_id, c.span_id, int(c.trace_flags), c.trace_state.to_header())
        while len(self._oorzaken) > GROOTTE:
            self._oorzaken.popitem(last=False)

    def publiceren(self, topic: str, bericht: Mapping[str, Any]) -> tuple[Span, list[tuple[str, bytes]]] | None:
        """A producer span for a decision whose cause was decided here, and the headers carrying it."""
        bewaard = self._oorzaken.get(str(bericht.get("causation_id")))
        if bewaard is None:
            return None
        trace_id, span_id, vlaggen, staat = bewaard
        oorzaak = SpanContext(
            trace_id,
            span_id,
            is_remote=False,
            trace_flags=TraceFlags(vlaggen),
            trace_state=TraceState.from_header([staat]) if staat else None,
        )
        span = self.tracer.start_span(
            f"{topic} publish",
            context=trace.set_span_in_context(NonRecordingSpan(oorzaak)),
            kind=SpanKind.PRODUCER,
            attributes={"messaging.system": "kafka", "messaging.destination.name": topic, "wlz.event_type": str(bericht.get("event_type"))},
        )
        drager: dict[str, str] = {}
        inject(drager, context=trace.set_span_in_context(span))
        return span, [(sleutel, waarde.encode("latin-1")) for sleutel, waarde in drager.items()]
