"""Hostile and malformed input against the consumer's path (parse -> verwerk_reeks, as in `wlz serve`):
every message ends as a dead letter or as a decision (a refusal under the rules), the service never
raises, and the good messages around the bad ones are all processed."""

from __future__ import annotations

import json
import uuid
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from events import parse_inbound
from services.adapters.kafka.dlq import uit_validatiefout
from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.application import Rejection, WlzService
from tests.conftest import BSN

GEPROBEERD = {"aantal": 0}


def goed(n: int) -> bytes:
    return json.dumps(
        {
            "event_id": str(uuid.uuid4()),
            "event_type": "IndicatieOntvangen",
            "occurred_at": "2020-01-01T09:00:00+01:00",
            "payload": {
                "bsn": BSN,
                "indicatiebesluit_id": f"CIZ-{n}",
                "zorgprofiel": "5VV",
                "ingangsdatum": "2020-01-01",
                "geboortedatum": "1940-01-01",
                "regio": "Utrecht",
            },
        }
    ).encode()


def geldige_aanvraag() -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid4()),
        "event_type": "LeveringsvormAangevraagd",
        "occurred_at": "2020-01-01T09:00:00+01:00",
        "payload": {"bsn": BSN, "leveringsvormen": ["pgb"], "ingangsdatum": "2020-03-01", "gewaarborgde_hulp": True},
    }


json_waarden = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda kinderen: st.lists(kinderen, max_size=4) | st.dictionaries(st.text(max_size=10), kinderen, max_size=4),
    max_leaves=20,
)


@st.composite
def vijandig(draw: st.DrawFn) -> bytes:
    soort = draw(st.sampled_from(["bytes", "json", "veld", "diep", "groot", "datum", "bedrag", "code", "dubbel_id"]))
    if soort == "bytes":
        return draw(st.binary(max_size=200))
    if soort == "json":
        return json.dumps(draw(json_waarden)).encode()
    bericht = geldige_aanvraag()
    p = bericht["payload"]
    if soort == "veld":  # a field with the wrong type, or removed
        veld = draw(st.sampled_from(["bsn", "leveringsvormen", "ingangsdatum", "event_id", "occurred_at", "event_type"]))
        if draw(st.booleans()):
            (p if veld in p else bericht).pop(veld, None)
        else:
            (p if veld in p else bericht)[veld] = draw(json_waarden)
    elif soort == "diep":
        diepte = draw(st.integers(50, 5000))
        p["leveringsvormen"] = json.loads("[" * min(diepte, 900) + "]" * min(diepte, 900))
        if diepte > 900:
            return b'{"payload":' + b"[" * diepte + b"]" * diepte + b"}"
    elif soort == "groot":
        p["bsn"] = "1" * draw(st.integers(10, 2_000_000))
    elif soort == "datum":
        p["ingangsdatum"] = draw(st.sampled_from(["2020-02-30", "0000-01-01", "9999-99-99", "gisteren", "2020-13-01", 20200101]))
    elif soort == "bedrag":
        p["leveringsvormen"] = ["mpt"]
        p["mpt_kosten_per_jaar"] = draw(st.sampled_from([-1, -(10**12), 10**30, 1.5, "veel"]))
    elif soort == "code":
        p["leveringsvormen"] = [draw(st.text(min_size=1, max_size=20))]
    elif soort == "dubbel_id":
        bericht["event_id"] = "00000000-0000-4000-8000-000000000001"  # the same id every time
    return json.dumps(bericht).encode()


def _bericht(waarde: bytes) -> Any:
    try:
        return parse_inbound(waarde)
    except ValidationError as fout:
        return uit_validatiefout(fout)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(vijandig(), min_size=1, max_size=5))
def test_vijandige_berichten_eindigen_als_dode_letter_of_besluit(service: WlzService, slecht: list[bytes]) -> None:
    offset = service.process_recorder.max_tracking_id("kafka:fuzz:0") or 0
    waarden = [goed(offset), *slecht, goed(offset + 1)]
    reeks = [(Ontvangen(Bronpositie("fuzz", 0, offset + n), RuwBericht(None, w, ())), _bericht(w)) for n, w in enumerate(waarden)]
    uitkomsten = service.verwerk_reeks(reeks)  # must not raise
    GEPROBEERD["aantal"] += len(slecht)
    assert len(uitkomsten) == len(waarden)
    for uitkomst in uitkomsten:
        assert isinstance(uitkomst, Rejection | list)
    assert service.al_verwerkt(reeks[-1][0])
    # the good indications around the bad ones were recorded
    toestand = service.toestand(service.case_id(BSN))
    assert toestand is not None and toestand.indicatie is not None


def test_aantal_gefuzzde_berichten_gemeld() -> None:
    """Runs after the fuzz test (file order): reports how many hostile messages were tried."""
    print(f"\nfuzzed messages tried: {GEPROBEERD['aantal']}")
