"""Runs last (directory order): everything the test suite logged, and every log file of the service
processes it started, scanned for BSN-shaped numbers that pass the elfproef. There must be none."""

from __future__ import annotations

import re

from events.bsn import elfproef
from tests.conftest import VERZAMELAAR

NEGEN_CIJFERS = re.compile(r"(?<![0-9A-Fa-f-])[0-9]{9}(?![0-9A-Fa-f-])")


def bsns_in(tekst: str) -> list[str]:
    return [m for m in NEGEN_CIJFERS.findall(tekst) if elfproef(m)]


def test_scanner_vindt_een_bsn() -> None:
    assert bsns_in("fout bij verzekerde 111222333 in regio") == ["111222333"]
    assert bsns_in("offset 123456789 is geen bsn") == []  # fails the elfproef
    assert bsns_in("case 04b60f4d-2978-45a4-83fa-5bdac8c4924d") == []


def test_geen_bsn_in_wat_de_testsuite_logde() -> None:
    gevonden = [(regel[:80], bsns_in(regel)) for regel in VERZAMELAAR.regels if bsns_in(regel)]
    for pad in VERZAMELAAR.bestanden:
        if pad.exists():
            for regel in pad.read_text(encoding="utf-8", errors="replace").splitlines():
                if bsns_in(regel):
                    gevonden.append((f"{pad.name}: {regel[:80]}", bsns_in(regel)))
    print(f"\nscanned {len(VERZAMELAAR.regels)} log lines and {len(VERZAMELAAR.bestanden)} service log files")
    assert gevonden == []
