"""The garbage collector's pause per batch (services/adapters/garbage.py): off while a batch is handled,
on again when the last one running ends, never turned on when it was off before; and its statistics."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from services.adapters.garbage import Batchpauze, Statistiek


@pytest.fixture
def pauze() -> Iterator[Batchpauze]:
    aan = gc.isenabled()
    pauze = Batchpauze()
    pauze.actief = True
    try:
        yield pauze
    finally:
        gc.enable() if aan else gc.disable()


def test_de_collector_staat_uit_tijdens_een_batch_en_daarna_weer_aan(pauze: Batchpauze) -> None:
    gc.enable()
    with pauze():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_overlappende_batches_zetten_hem_pas_na_de_laatste_weer_aan(pauze: Batchpauze) -> None:
    gc.enable()
    eerste, tweede = pauze(), pauze()
    eerste.__enter__()
    tweede.__enter__()
    eerste.__exit__(None, None, None)
    assert not gc.isenabled(), "the second batch still runs"
    tweede.__exit__(None, None, None)
    assert gc.isenabled()


def test_een_batch_die_faalt_zet_hem_ook_weer_aan(pauze: Batchpauze) -> None:
    gc.enable()
    with pytest.raises(RuntimeError), pauze():
        raise RuntimeError("de store is weg")
    assert gc.isenabled()


def test_wie_hem_al_had_uitgezet_houdt_hem_uit(pauze: Batchpauze) -> None:
    gc.disable()
    with pauze():
        pass
    assert not gc.isenabled()


def test_zonder_na_de_start_blijft_de_collector_zoals_hij_was() -> None:
    gc.enable()
    with Batchpauze()():
        assert gc.isenabled()


def test_batches_in_twee_threads(pauze: Batchpauze) -> None:
    gc.enable()
    binnen, verder = threading.Event(), threading.Event()

    def batch() -> None:
        with pauze():
            binnen.set()
            verder.wait(5)

    draad = threading.Thread(target=batch)
    draad.start()
    binnen.wait(5)
    with pauze():
        pass
    assert not gc.isenabled(), "the other thread's batch still runs"
    verder.set()
    draad.join(5)
    assert gc.isenabled()


def test_de_statistiek_telt_elke_collectie_met_haar_duur() -> None:
    statistiek = Statistiek()
    gc.callbacks.append(statistiek)
    try:
        gc.collect(1)
        gc.collect(1)
    finally:
        gc.callbacks.remove(statistiek)
    stand = statistiek.stand()
    assert stand["collecties"] == [0, 2, 0]
    assert stand["seconden"][1] >= 0 and stand["langste_ms"][1] * 2 >= stand["seconden"][1] * 1000 - 0.1
