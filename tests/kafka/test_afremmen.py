"""Back-pressure (services/adapters/kafka/afremmen.py): the consumer waits while the readers of the store in
its process are more than three quarters of the buffer behind, until they are at half; a reader that
stays behind holds it back once, for at most `hoogstens_s`, and then not again until it has caught up.
Measured on a real broker and store in bench/ingest.py (the reads from the store in /health)."""

from __future__ import annotations

import asyncio

from services.adapters.kafka.afremmen import Afremmer


class Lezers:
    """A buffer whose length is how far the slowest reader is behind; it reads `per_stap` at each step."""

    def __init__(self, achter: int, per_stap: int = 0) -> None:
        self.achter = achter
        self.per_stap = per_stap

    def __len__(self) -> int:
        return self.achter

    def stap(self) -> None:
        self.achter = max(0, self.achter - self.per_stap)


class Klok:
    def __init__(self) -> None:
        self.nu = 0.0

    def __call__(self) -> float:
        return self.nu


async def wacht_met(afremmer: Afremmer, lezers: Lezers, klok: Klok, stap_s: float = 0.01) -> None:
    """Runs the wait while the readers read and the clock moves on at every sleep of the wait."""
    taak = asyncio.create_task(afremmer.wacht(lezers))
    while not taak.done():
        await asyncio.sleep(0)
        lezers.stap()
        klok.nu += stap_s
    await taak


async def test_onder_drie_kwart_wacht_de_consumer_niet() -> None:
    klok = Klok()
    afremmer = Afremmer(1000, 5.0, stap_s=0, klok=klok)
    await wacht_met(afremmer, Lezers(749), klok)
    await afremmer.wacht(None)  # no readers in this process (no role): nothing to wait for
    assert afremmer.afgeremd == 0 and afremmer.afgeremd_s == 0


async def test_boven_drie_kwart_wacht_hij_tot_de_lezers_op_de_helft_zijn() -> None:
    klok = Klok()
    afremmer = Afremmer(1000, 5.0, stap_s=0, klok=klok)
    lezers = Lezers(900, per_stap=50)
    await wacht_met(afremmer, lezers, klok)
    assert lezers.achter <= 500 and afremmer.afgeremd == 1 and afremmer.opgegeven == 0
    assert 0 < afremmer.afgeremd_s < 5.0


async def test_een_lezer_die_blijft_hangen_houdt_de_consumer_een_keer_op_en_dan_niet_meer() -> None:
    """A publisher that cannot reach the broker must not stop the decisions: one wait of `hoogstens_s`,
    then none while it stays behind; after it caught up below half, the next overrun waits again."""
    klok = Klok()
    afremmer = Afremmer(1000, 2.0, stap_s=0, klok=klok)
    lezers = Lezers(1000)
    await wacht_met(afremmer, lezers, klok)
    assert afremmer.opgegeven == 1 and 2.0 <= afremmer.afgeremd_s < 2.1
    for _ in range(3):
        await wacht_met(afremmer, lezers, klok)  # still behind: the consumer goes on at once
    assert afremmer.afgeremd == 1
    lezers.achter = 400
    await wacht_met(afremmer, lezers, klok)  # caught up
    lezers.achter, lezers.per_stap = 800, 100
    await wacht_met(afremmer, lezers, klok)
    assert afremmer.afgeremd == 2 and afremmer.opgegeven == 1 and lezers.achter <= 500
    assert afremmer.tellers() == {"afgeremd": 2, "afgeremd_s": round(afremmer.afgeremd_s, 1), "afremmen_opgegeven": 1}


async def test_nul_seconden_zet_het_afremmen_uit() -> None:
    klok = Klok()
    afremmer = Afremmer(1000, 0, stap_s=0, klok=klok)
    await wacht_met(afremmer, Lezers(1000), klok)
    assert afremmer.afgeremd == 0
