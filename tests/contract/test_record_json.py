"""The publisher encodes records with orjson (services/adapters/kafka/publishers.py): byte for byte the
compact UTF-8 JSON the contract had before (json.dumps, ensure_ascii=False, no spaces), for every
decision and feed record of the demo scenario."""

from __future__ import annotations

import json

from events import parse_inbound
from services.adapters.kafka.publishers import record
from services.application import WlzService
from services.demo import SCENARIO
from services.feeds import feed_records


def test_records_gelijk_aan_json_dumps(service: WlzService) -> None:
    with SCENARIO.open(encoding="utf-8") as invoer:
        for regel in invoer:
            service.verwerk(parse_inbound(regel))
    _, berichten = service.berichten_na(0, 10_000)
    alle = [b for _, b in berichten]
    alle += [f.model_dump(mode="json") for b in berichten for f in feed_records(b[1], "999990019")]
    assert len(alle) > 50
    for bericht in alle:
        _, _, waarde, _ = record("t", bericht, 1, sleutel="k")
        assert waarde == json.dumps(bericht, ensure_ascii=False, separators=(",", ":")).encode()
