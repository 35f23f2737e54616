"""Ingesting inbound events from JSON lines, keeping every rejected line with its reason.

Bad input never stops the run and is never dropped: each rejected line is written to the rejects file
with its line number, the field and the rule it broke, and the raw text. Error texts never contain
the values of personal fields (pydantic's `input` is left out on purpose).

The rejects file is personal data like the store: it is readable by its owner only (0600), and a raw
line that names a BSN is kept encrypted under that person's key (`ruw` + `personen`, see
services/persoonsgegevens.py), so erasing the person erases it here too. A line for a person already
erased is refused and only its envelope is kept.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from events import DecisionEvent, parse_inbound
from services.adapters.validatiefouten import fouten_van
from services.application import OngeldigBericht, WlzService
from services.domain.aggregate import InvariantGeschonden
from services.persoonsgegevens import GEWIST_REDEN, PersoonGewist, bescherm_bericht, redigeer

__all__ = ["IngestResultaat", "RejectedLine", "fouten_van", "ingest", "verwerk_regels"]


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


def verwerk_regels(service: WlzService, regels: Iterable[str | bytes]) -> Iterator[tuple[int, list[DecisionEvent] | RejectedLine]]:
    """Each non-empty line through the application service: its decisions, or why it was rejected.

    Lines may be bytes (a file opened in binary): each is decoded on its own, so a byte that is not
    UTF-8 rejects that line only, and the rest of the file is still read.
    """
    for nummer, ruw in enumerate(regels, start=1):
        if isinstance(ruw, bytes):
            try:
                tekst = ruw.decode("utf-8").strip()
            except UnicodeDecodeError as fout:
                tekst = ruw.strip().decode("utf-8", errors="backslashreplace")
                yield nummer, RejectedLine(nummer, "(regel)", f"geen geldige UTF-8 (byte {fout.start + 1} van de regel)", tekst)
                continue
        else:
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
        except PersoonGewist:
            yield nummer, RejectedLine(nummer, "payload.bsn", GEWIST_REDEN, redigeer(tekst.encode()).decode())


def open_rejects(pad: Path) -> IO[str]:
    """The rejects file for appending (earlier runs' rejects are kept), readable by its owner only."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "a", encoding="utf-8")


def reject_regel(service: WlzService, afwijzing: RejectedLine) -> str:
    """One line of the rejects file: when (UTC), the raw text encrypted for the persons it names, and
    `gewist` when it named an erased person (then only its envelope is kept). `wlz rejects` reads it
    (services/adapters/rejects.py)."""
    ruw, personen, gewist = bescherm_bericht(afwijzing.ruw.encode(), lambda bsn: str(service.case_id(bsn)), service.kluis)
    regel: dict[str, object] = {
        "regel": afwijzing.regel,
        "tijdstip": datetime.now(UTC).isoformat(timespec="seconds"),
        "veld": afwijzing.veld,
        "reden": afwijzing.reden,
        "ruw": ruw,
        "personen": personen,
    }
    if gewist or afwijzing.reden == GEWIST_REDEN:
        regel["gewist"] = True
    return json.dumps(regel, ensure_ascii=False)


def ingest(service: WlzService, invoer: Iterable[str | bytes], afwijzingen: Path | None, bewaar_besluiten: bool = False) -> IngestResultaat:
    resultaat = IngestResultaat()
    uit = open_rejects(afwijzingen) if afwijzingen else None
    try:
        for _, uitkomst in verwerk_regels(service, invoer):
            if isinstance(uitkomst, RejectedLine):
                resultaat.afgewezen.append(uitkomst)
                if uit:
                    uit.write(reject_regel(service, uitkomst) + "\n")
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
