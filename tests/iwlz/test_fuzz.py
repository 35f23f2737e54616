"""Hostile XML never crashes the adapter: random bytes and valid messages with an element changed end
as a refusal naming a path and a rule, or as a valid message; never as an exception."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import DecisionEvent, InboundEvent
from services.adapters.iwlz.receive import ontvang
from tests.iwlz.berichten import aw35, aw39
from tests.iwlz.voorbeelden import io31

GELDIG = [io31(), aw35(), aw39()]


def _ontvang(xml: bytes) -> None:
    def verwerk(events: list[InboundEvent]) -> list[DecisionEvent]:
        return []

    uitkomst = ontvang(xml, verwerk, lambda bsn: None, date(2020, 3, 2))
    if uitkomst.fout is not None:
        assert uitkomst.fout.pad.startswith("/") and uitkomst.fout.regel
    else:
        assert uitkomst.events


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_willekeurige_bytes(data: bytes) -> None:
    _ontvang(data)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(GELDIG), st.integers(min_value=0, max_value=5000), st.binary(min_size=1, max_size=12))
def test_geldig_bericht_met_bytes_vervangen(basis: bytes, plek: int, invoeging: bytes) -> None:
    plek = plek % len(basis)
    _ontvang(basis[:plek] + invoeging + basis[plek + len(invoeging) :])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(GELDIG), st.text(alphabet="0123456789ABZ-:<>&;", min_size=1, max_size=6))
def test_elementtekst_vervangen(basis: bytes, tekst: str) -> None:
    start = basis.index(b"<io31:Bsn>" if b"io31:" in basis else b"Bsn>") + 4
    _ontvang(basis[:start] + tekst.encode() + basis[start:])


def test_grote_ongeldige_invoer_en_entiteiten(tmp_path: Path) -> None:
    _ontvang(b"<a>" * 10_000)
    _ontvang(b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>')
