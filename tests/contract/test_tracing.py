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


@pytest.mark.parametrize("sampler", [None, "always_on"])
def test_de_oorzaak_bewaard_als_getallen_geeft_dezelfde_context_door(monkeypatch: pytest.MonkeyPatch, sampler: str | None) -> None:
    """The cause's context is kept as ints and a str (no objects for the garbage collector to scan), and
    the decision's publish span is its child all the same: same trace id, its tracestate passed on."""
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    if sampler:
        monkeypatch.setenv("OTEL_TRACES_SAMPLER", sampler)
    else:
        monkeypatch.delenv("OTEL_TRACES_SAMPLER", raising=False)
    sporen = Sporen(tracer_provider())
    span = sporen.beslissen("wlz.aanvragen", 0, 7, [("traceparent", TRACEPARENT), ("tracestate", b"zk=wlz,cak=1")])
    sporen.onthoud("e-1", span)
    (bewaard,) = sporen._oorzaken.values()
    assert all(type(deel) in (int, str) for deel in bewaard)
    gemaakt = sporen.publiceren("wlz.besluiten", {"causation_id": "e-1", "event_type": "PgbToegekend"})
    assert gemaakt is not None
    publicatie, koppen = gemaakt
    assert publicatie.get_span_context().trace_id == span.get_span_context().trace_id
    kop = dict(koppen)
    assert kop["traceparent"].decode().split("-")[1] == "0af7651916cd43dd8448eb211c80319c"
    assert kop["tracestate"] == b"zk=wlz,cak=1"
    if sampler:
        assert publicatie.parent is not None and publicatie.parent.span_id == span.get_span_context().span_id  # type: ignore[attr-defined]
    assert sporen.publiceren("wlz.besluiten", {"causation_id": "onbekend"}) is None
