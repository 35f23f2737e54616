"""The plafond registers kept between batches (services/registers.py) see what another instance recorded
(art. 5.10 with Awb art. 4:25: the room left depends on every grant of the region, whichever process made
it), and a batch decided on a stale register is not recorded: it is decided again on the fresh one."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.application import WlzService
from services.settings import Settings
from tests.conftest import aanvraag, indicatie

BSNS = ("111222333", "123456782", "999990019")
RUW = RuwBericht(None, b"", ())


def _pgb(service: WlzService, bsn: str, offset: int) -> int:
    """A client in Utrecht with an indication and a PGB request, in one batch; returns the next offset."""
    service.verwerk_reeks(
        [
            (Ontvangen(Bronpositie("t", 0, offset), RUW), indicatie("5VV", bsn=bsn)),
            (Ontvangen(Bronpositie("t", 0, offset + 1), RUW), aanvraag(["pgb"], bsn=bsn)),
        ]
    )
    return offset + 2


def _toegewezen(service: WlzService) -> dict[str, int]:
    register = service.plafondregister("Utrecht", 2020)
    assert register is not None
    return {str(case_id): sum(t.bedrag for t in tranches) for case_id, tranches in register.stand.toewijzingen.items()}


def test_art_5_10_register_ziet_de_toewijzingen_van_een_andere_instantie(tmp_path: Path) -> None:
    a = WlzService(Settings(data_dir=tmp_path / "store"))
    b = WlzService(Settings(data_dir=tmp_path / "store"))
    offset = _pgb(a, BSNS[0], 0)  # a keeps the register
    offset = _pgb(b, BSNS[1], offset)  # b adds a grant a has not seen
    _pgb(a, BSNS[2], offset)
    gezien = _toegewezen(a)
    assert set(gezien) == {str(a.case_id(bsn)) for bsn in BSNS}
    assert gezien == _toegewezen(WlzService(Settings(data_dir=tmp_path / "store")))  # as a fresh read of the store


def test_een_batch_op_een_verouderd_register_wordt_opnieuw_besloten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = WlzService(Settings(data_dir=tmp_path / "store"))
    b = WlzService(Settings(data_dir=tmp_path / "store"))
    offset = _pgb(a, BSNS[0], 0)
    offset = _pgb(b, BSNS[1], offset)
    echte = a.registers.ververs
    overgeslagen = []

    def eerst_niet() -> None:  # the first batch of a misses b's grant, as if b committed just after a read
        if not overgeslagen:
            overgeslagen.append(True)
            return
        echte()

    monkeypatch.setattr(a.registers, "ververs", eerst_niet)
    _pgb(a, BSNS[2], offset)
    assert overgeslagen  # the stale batch was tried, failed on the register's version, and decided again
    assert set(_toegewezen(a)) == {str(a.case_id(bsn)) for bsn in BSNS}
    assert _toegewezen(a) == _toegewezen(WlzService(Settings(data_dir=tmp_path / "store")))
