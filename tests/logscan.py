"""The BSN scan of everything the test session logged (tests/conftest.py runs it when the session ends,
whatever order the tests ran in): every log line, and every log file of the service processes the tests
started. A nine-digit number that passes the elfproef fails the session."""

from __future__ import annotations

import re
from pathlib import Path

from events.bsn import elfproef

NEGEN_CIJFERS = re.compile(r"(?<![0-9A-Fa-f-])[0-9]{9}(?![0-9A-Fa-f-])")


def bsns_in(tekst: str) -> list[str]:
    return [m for m in NEGEN_CIJFERS.findall(tekst) if elfproef(m)]


def scan(regels: list[str], bestanden: list[Path]) -> list[tuple[str, list[str]]]:
    """Each line (cut short) with the BSNs in it."""
    gevonden = [(regel[:80], bsns_in(regel)) for regel in regels if bsns_in(regel)]
    for pad in bestanden:
        if pad.exists():
            for regel in pad.read_text(encoding="utf-8", errors="replace").splitlines():
                if bsns_in(regel):
                    gevonden.append((f"{pad.name}: {regel[:80]}", bsns_in(regel)))
    return gevonden
