"""Dead letters: an inbound message the service cannot act on, kept whole with why.

The record carries the original key, value (bytes, untouched) and headers, plus headers saying where it
came from and what was wrong (the field and the rule). Error texts never contain a field's value, so no
BSN reaches the dead-letter topic's headers.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from services.adapters.ingest import fouten_van

KOP = "wlz-dlq-"


@dataclass(frozen=True, slots=True)
class DoodBericht:
    soort: str  # json | schema | inhoud | invariant
    veld: str
    reden: str


def uit_validatiefout(fout: ValidationError) -> DoodBericht:
    if any(e["type"] == "json_invalid" for e in fout.errors()):
        return DoodBericht("json", "(json)", "geen geldige JSON")
    veld, reden = fouten_van(fout)
    return DoodBericht("schema", veld, reden)


def koppen(
    origineel: list[tuple[str, bytes]] | tuple[tuple[str, bytes], ...], dood: DoodBericht, topic: str, partition: int, offset: int
) -> list[tuple[str, bytes]]:
    return [
        *[(k, v) for k, v in origineel if not k.startswith(KOP)],
        (f"{KOP}soort", dood.soort.encode()),
        (f"{KOP}veld", dood.veld.encode()),
        (f"{KOP}reden", dood.reden.encode()),
        (f"{KOP}bron-topic", topic.encode()),
        (f"{KOP}bron-partition", str(partition).encode()),
        (f"{KOP}bron-offset", str(offset).encode()),
    ]
