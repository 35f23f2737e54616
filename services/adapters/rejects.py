"""The rejects file read back (`wlz rejects`), so an operator can see what was refused and why without
anyone seeing personal data they may not.

Each line of the file (written by services/adapters/ingest.py) holds the input line number, when, the
field and the rule, and the raw text - encrypted under the key of every person it names
(services/persoonsgegevens.py). Reading it back gives, per line, what may always be shown (line, time,
field, rule, and what kind of content it holds: encrypted, erased, unencrypted, unreadable) and, only
when asked for by a role that may (`ontsleutel`), the raw text decrypted. A line of an erased person
reads "gewist (art. 17 AVG)": it does not decrypt any more, and that is not an error.

Whatever the file holds is shown escaped: the file is input too (written by an older version, copied,
or tampered with). Control characters - ANSI escapes, bell, bidi overrides - are written as `\\xNN` /
`\\uNNNN`; the CLI prints every text as plain text, never as rich markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from services.persoonsgegevens import GEWIST_REDEN, Kluis, lees_ruw

GEWIST = "gewist (art. 17 AVG)"
VERSLEUTELD = "versleuteld"
NIET_VERSLEUTELD = "niet versleuteld"
ONLEESBAAR = "onleesbaar"

_STUURTEKENS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def zichtbaar(waarde: object) -> str:
    """A value as it may reach a terminal: text with every control character written as an escape."""
    tekst = waarde if isinstance(waarde, str) else "" if waarde is None else json.dumps(waarde, ensure_ascii=False)

    def ontsnap(teken: re.Match[str]) -> str:
        code = ord(teken.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _STUURTEKENS.sub(ontsnap, tekst)


@dataclass(frozen=True, slots=True)
class RejectsRegel:
    """One line of the rejects file as it may be shown. `ruw` only when decrypted for a role that may
    read it (else None); `gelezen`: the cases whose personal data that decryption showed (access log)."""

    nummer: int  # the line of the rejects file
    regel: str  # the line of the input, as recorded
    tijdstip: str
    veld: str
    reden: str
    inhoud: str  # VERSLEUTELD | GEWIST | NIET_VERSLEUTELD | ONLEESBAAR
    ruw: str | None = None
    gelezen: tuple[UUID, ...] = ()

    def als_dict(self) -> dict[str, Any]:
        uit: dict[str, Any] = {
            "nummer": self.nummer,
            "regel": int(self.regel) if self.regel.isdigit() else self.regel,
            "tijdstip": self.tijdstip,
            "veld": self.veld,
            "reden": self.reden,
            "inhoud": self.inhoud,
        }
        if self.ruw is not None:
            uit["ruw"] = self.ruw
        return uit


def lees_rejects(pad: Path, kluis: Kluis, ontsleutel: bool) -> Iterator[RejectsRegel]:
    """Every non-empty line of the rejects file, in order; never raises on what a line holds."""
    with pad.open("rb") as bestand:
        for nummer, ruwe_regel in enumerate(bestand, start=1):
            if ruwe_regel.strip():
                yield _regel(nummer, ruwe_regel, kluis, ontsleutel)


def _regel(nummer: int, ruwe_regel: bytes, kluis: Kluis, ontsleutel: bool) -> RejectsRegel:
    try:
        gelezen = json.loads(ruwe_regel)
    except ValueError:
        gelezen = None
    if not isinstance(gelezen, dict):
        return RejectsRegel(nummer, "", "", "", "", ONLEESBAAR, ONLEESBAAR if ontsleutel else None)
    kop = {k: zichtbaar(gelezen.get(k)) for k in ("regel", "tijdstip", "veld", "reden")}
    inhoud, ruw, personen = _inhoud(gelezen, kluis, ontsleutel)
    return RejectsRegel(nummer, kop["regel"], kop["tijdstip"], kop["veld"], kop["reden"], inhoud, ruw, personen)


def _inhoud(regel: dict[str, Any], kluis: Kluis, ontsleutel: bool) -> tuple[str, str | None, tuple[UUID, ...]]:
    """(kind of content, the raw text if asked for and readable, the persons whose data it showed)."""
    tekst, personen = regel.get("ruw"), regel.get("personen", [])
    if not isinstance(tekst, str) or not isinstance(personen, list) or not all(_case_id(p) for p in personen):
        return ONLEESBAAR, ONLEESBAAR if ontsleutel else None, ()
    if regel.get("gewist") is True or regel.get("reden") == GEWIST_REDEN:
        return GEWIST, GEWIST if ontsleutel else None, ()  # only the envelope was kept
    if not personen:
        return NIET_VERSLEUTELD, zichtbaar(tekst) if ontsleutel else None, ()
    if not ontsleutel:
        gewist = any(kluis.aead(p, maak=False) is None for p in personen)  # without decrypting: every key still there?
        return (GEWIST if gewist else VERSLEUTELD), None, ()
    leesbaar = lees_ruw(tekst, personen, kluis)
    if leesbaar is None:
        return GEWIST, GEWIST, ()
    return VERSLEUTELD, zichtbaar(leesbaar.decode("utf-8", errors="backslashreplace")), tuple(UUID(p) for p in personen)


def _case_id(persoon: object) -> bool:
    if not isinstance(persoon, str):
        return False
    try:
        UUID(persoon)
    except ValueError:
        return False
    return True
