"""Dead letters: an inbound message the service cannot act on, kept whole with why.

The dead-letter record carries the original key, value (bytes, untouched) and headers, plus headers
saying where it came from and what was wrong (the field and the rule). Error texts never contain a
field's value, so no BSN reaches the dead-letter topic's headers. The record is published from the event
store (see `publishers`), where the consumer recorded it with its Kafka position.
"""

from __future__ import annotations

import base64
from typing import Any

from pydantic import ValidationError

from services.adapters.validatiefouten import fouten_van
from services.application import Rejection

KOP = "wlz-dlq-"


def uit_validatiefout(fout: ValidationError) -> Rejection:
    if any(e["type"] == "json_invalid" for e in fout.errors()):
        return Rejection("json", "(json)", "geen geldige JSON")
    veld, reden = fouten_van(fout)
    return Rejection("schema", veld, reden)


def dlq_record(
    topic: str, onleesbaar: dict[str, Any], notificatie_kop: str, notificatie: int
) -> tuple[str, bytes | None, bytes, list[tuple[str, bytes | None]]]:
    """The dead-letter record of a stored `OnleesbaarBericht`."""
    origineel = [(k, None if v is None else base64.b64decode(v)) for k, v in onleesbaar["koppen"] if not k.startswith(KOP)]
    koppen = [
        *origineel,
        (f"{KOP}soort", onleesbaar["soort"].encode()),
        (f"{KOP}veld", onleesbaar["veld"].encode()),
        (f"{KOP}reden", onleesbaar["reden"].encode()),
        (f"{KOP}bron-topic", onleesbaar["bron_topic"].encode()),
        (f"{KOP}bron-partition", str(onleesbaar["bron_partition"]).encode()),
        (f"{KOP}bron-offset", str(onleesbaar["bron_offset"]).encode()),
        (notificatie_kop, str(notificatie).encode()),
    ]
    sleutel = None if onleesbaar["sleutel"] is None else base64.b64decode(onleesbaar["sleutel"])
    return topic, sleutel, base64.b64decode(onleesbaar["waarde"]), koppen
