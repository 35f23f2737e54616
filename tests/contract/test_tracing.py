"""Trace context on the Kafka records (services/adapters/observability/tracing.py): without an OTLP
endpoint no span is recorded, yet the sender's trace id travels on to the decisions."""

from __future__ import annotations

import pytest

from services.adapters.observability.tracing import Sporen, context_uit_koppen, tracer_provider

TRACEPARENT = b"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def test_zonder_exporter_geen_spans_wel_de_trace_van_de_zender(monkeypatch: pytest.MonkeyPatch) -> None:
    for naam in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_TRACES_SAMPLER"):
        monkeypatch.delenv(naam, raising=False)
    span = Sporen(tracer_provider()).beslissen("wlz.aanvragen", 0, 7, [("traceparent", TRACEPARENT)])
    assert not span.is_recording()
    context = span.get_span_context()
    assert context.is_valid and f"{context.trace_id:032x}" == "0af7651916cd43dd8448eb211c80319c"
    span.end()


def test_met_een_sampler_uit_de_omgeving_wel_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    monkeypatch.setenv("OTEL_TRACES_SAMPLER", "always_on")
    span = Sporen(tracer_provider()).beslissen("wlz.aanvragen", 0, 7, [("traceparent", TRACEPARENT)])
    assert span.is_recording()
    span.end()
    assert context_uit_koppen([]) is not None
