"""The store's transcoder (services/adapters/store/common.py) writes exactly the bytes the library's
JSON transcoder writes, for every kind of state the service stores, and reads them back the same."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import JSONTranscoder, TranscodingNotRegisteredError

from bench.generate import historie
from events import parse_inbound
from services.adapters.store.common import SnelleTranscoder
from services.application import WlzService
from services.settings import Settings

DEMO = Path(__file__).resolve().parents[2] / "services" / "demo" / "scenario.jsonl"


def _met_transcodings(transcoder: JSONTranscoder, service: WlzService) -> JSONTranscoder:
    service.register_transcodings(transcoder)
    return transcoder


def test_every_state_of_a_run_is_encoded_as_the_library_encodes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    bibliotheek = _met_transcodings(JSONTranscoder(), service)
    gezien: dict[str, int] = {}
    origineel = SnelleTranscoder.encode

    def vergelijk(self: SnelleTranscoder, obj: Any) -> bytes:
        uit = origineel(self, obj)
        assert uit == bibliotheek.encode(obj)
        assert bibliotheek.decode(uit) == obj
        sleutel = ",".join(sorted(obj)) if isinstance(obj, dict) else type(obj).__name__
        gezien[sleutel] = gezien.get(sleutel, 0) + 1
        return uit

    monkeypatch.setattr(SnelleTranscoder, "encode", vergelijk)
    regels = [json.loads(r) for r in DEMO.read_text().splitlines() if r.strip()]
    for bericht in [*regels, *historie(40, seed=7)]:
        service.verwerk(parse_inbound(json.dumps(bericht)))
    service.wis_persoon(service.case_id(regels[0]["payload"]["bsn"]), "verzoek van betrokkene", date(2020, 6, 1))
    # decisions, inbound events, register grants (UUIDs at the top), receipts, creations, the erasure
    assert len(gezien) >= 4, gezien
    assert sum(gezien.values()) > 200


@pytest.mark.parametrize(
    "staat",
    [
        {"bericht": {"tekst": "é ü 中 \u2028 \x00 \"'\\", "getal": 2**62, "lijst": [1, None, True, 1.5]}, "timestamp": datetime.now(UTC)},
        {"case_id": uuid4(), "bedrag": 12, "ontvangstdatum": "2020-01-01"},  # a UUID at the top: the library's transcoding
        {"groot": 2**70},  # beyond 64 bits: orjson refuses, the library's encoder takes it
        {"bedrag": Decimal("1.10"), "wanneer": datetime(2020, 2, 29, 12, tzinfo=UTC)},
        {1: "een sleutel die geen tekst is"},
    ],
)
def test_edge_cases_give_the_librarys_bytes(staat: dict[Any, Any], tmp_path: Path) -> None:
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    snel = _met_transcodings(SnelleTranscoder(), service)
    bibliotheek = _met_transcodings(JSONTranscoder(), service)
    assert snel.encode(staat) == bibliotheek.encode(staat)


def test_a_type_without_transcoding_is_refused_as_by_the_library(tmp_path: Path) -> None:
    snel = _met_transcodings(SnelleTranscoder(), WlzService(Settings(data_dir=tmp_path / "store")))
    with pytest.raises(TranscodingNotRegisteredError):
        snel.encode({"x": object()})
    with pytest.raises(TranscodingNotRegisteredError):
        snel.encode({"dag": date(2020, 2, 29)})  # the library has no date transcoding either
