"""Ingesting inbound events from JSON lines, keeping every rejected line with its reason.

Bad input never stops the run and is never dropped: each rejected line is written to the rejects file
with its line number, the field and the rule it broke, and the raw text. Error texts never contain
the values of personal fields (pydantic's `input` is left out on purpose).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pydantic import ValidationError

from events import DecisionEvent, parse_inbound
from services.application import OngeldigBericht, WlzService
from services.domain.aggregate import InvariantGeschonden


@dataclass(frozen=True, slots=True)
class RejectedLine:
    regel: int
    veld: str
    reden: str
    ruw: str


@dataclass
class IngestResultaat:
    verwerkt: int = 0
    aantal_besluiten: int = 0
    afgewezen: list[RejectedLine] = field(default_factory=list)
    besluiten: list[DecisionEvent] = field(default_factory=list)  # only when asked for (memory)


def fouten_van(fout: ValidationError) -> tuple[str, str]:
    """The field (dotted path) and the rule of a validation error, without the offending value."""
    eerste = fout.errors(include_input=False, include_url=False)
    velden = "; ".join(".".join(str(d) for d in e["loc"]) or "(bericht)" for e in eerste)
    redenen = "; ".join(e["msg"] for e in eerste)
    return velden, redenen


def verwerk_regels(service: WlzService, regels: Iterable[str]) -> Iterator[tuple[int, list[DecisionEvent] | RejectedLine]]:
    """Each non-empty line through the application service: its decisions, or why it was rejected."""
    for nummer, ruw in enumerate(regels, start=1):
        tekst = ruw.strip()
        if not tekst:
            continue
        try:
            event = parse_inbound(tekst)
            yield nummer, service.verwerk(event)
        except ValidationError as fout:
            if fout.title == "json-invalid" or any(e["type"] == "json_invalid" for e in fout.errors()):
                yield nummer, RejectedLine(nummer, "(json)", "geen geldige JSON", tekst)
                continue
            veld, reden = fouten_van(fout)
            yield nummer, RejectedLine(nummer, veld, reden, tekst)
        except OngeldigBericht as fout:
            yield nummer, RejectedLine(nummer, fout.veld, fout.reden, tekst)
        except InvariantGeschonden as fout:
            yield nummer, RejectedLine(nummer, "(case)", f"invariant: {fout}", tekst)


def ingest(service: WlzService, invoer: Iterable[str], afwijzingen: Path | None, bewaar_besluiten: bool = False) -> IngestResultaat:
    resultaat = IngestResultaat()
    uit = afwijzingen.open("w", encoding="utf-8") if afwijzingen else None
    try:
        for _, uitkomst in verwerk_regels(service, invoer):
            if isinstance(uitkomst, RejectedLine):
                resultaat.afgewezen.append(uitkomst)
                if uit:
                    uit.write(json.dumps(asdict(uitkomst), ensure_ascii=False) + "\n")
                    uit.flush()
            else:
                resultaat.verwerkt += 1
                resultaat.aantal_besluiten += len(uitkomst)
                if bewaar_besluiten:
                    resultaat.besluiten.extend(uitkomst)
    finally:
        if uit:
            uit.close()
    return resultaat
