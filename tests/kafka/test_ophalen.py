"""The inbound consumer's fetch pause (services/adapters/kafka/ophalen.py) without a broker: what is set,
and that the aiokafka in use still has the pause this sets (an upgrade that drops it fails here)."""

from __future__ import annotations

import inspect
import logging
from types import SimpleNamespace

import pytest
from aiokafka.consumer.fetcher import Fetcher

from services.adapters.kafka.ophalen import zet_ophaalpauze
from services.settings import Settings


def test_de_pauze_wordt_op_de_fetcher_gezet() -> None:
    consumer = SimpleNamespace(_fetcher=SimpleNamespace(_prefetch_backoff=0.1))
    assert zet_ophaalpauze(consumer, 0.0) is True
    assert consumer._fetcher._prefetch_backoff == 0.0


def test_zonder_fetcher_een_waarschuwing_en_geen_fout(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert zet_ophaalpauze(SimpleNamespace(), 0.0) is False
        assert zet_ophaalpauze(SimpleNamespace(_fetcher=object()), 0.0) is False
    assert "no fetcher pause" in caplog.text


def test_deze_aiokafka_kent_de_pauze() -> None:
    assert inspect.signature(Fetcher.__init__).parameters["prefetch_backoff"].default == 0.1
    assert "self._prefetch_backoff = prefetch_backoff" in inspect.getsource(Fetcher.__init__)
    assert "calculate_backoff" in inspect.getsource(Fetcher._get_actions_per_node), "the pause decides per broker"


def test_standaard_de_pauze_van_aiokafka() -> None:
    """0 helped one instance and hurt two (services/adapters/kafka/ophalen.py): the default is aiokafka's."""
    assert Settings().ophaalpauze_ms == 100
