"""Fault injection against the real broker and database, proving what it claims (issue 11 item 6).

Two service instances run in one consumer group (so every kill and restart is a rebalance, and the
elected leader that publishes and projects is killed too). Each SIGKILL lands while a batch is verifiably
in flight: every instance writes the phase of its batch to a marker file (`WLZ_BATCH_MARKER`: begonnen,
opgeslagen, klaar); the test waits until an instance's marker says a batch is begun and not committed,
kills that instance, and reads the marker again - the process is dead, so the file is final - to count
the kills that landed mid-batch. Then the broker and PostgreSQL are restarted under the running service
(on the ports the infra state says). Afterwards every topic is counted against the store: decisions, CAK
and SVB feed records and dead letters, each lost or doubled; the store against what was sent; the
ledgers against a fresh rebuild.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from projections.runner import herbouw, vergelijk
from projections.store import PostgresLedgerStore
from tests.integration.conftest import REPO, Omgeving, alles_bij, infra_poorten, produceer, vrije_poort
from tests.integration.tellingen import tel_alle_topics
from tests.integration.test_kafka_postgres import aanvraag, bsns, indicatie, opgeslagen, sleutel

pytestmark = [pytest.mark.integration, pytest.mark.fault]

KILLS = 20
MID_BATCH_MINIMAAL = 15  # of the KILLS; fewer means the test did not test what it claims
GROEP = {"WLZ_SESSION_TIMEOUT_MS": "6000", "WLZ_HEARTBEAT_INTERVAL_MS": "1000", "WLZ_LEIDER_INTERVAL": "0.5"}


def local_infra() -> ModuleType:
    spec = importlib.util.spec_from_file_location("local_infra", REPO / "deploy" / "local_infra.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["local_infra"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@dataclass
class Instantie:
    """One slot of the consumer group: the process now running in it, its HTTP port, its batch marker."""

    naam: str
    poort: int
    marker: Path
    proces: subprocess.Popen[bytes] | None = None


@dataclass
class Zender:
    """Sends the stream in bursts from a thread: per burst the indications of new clients on
    `wlz.indicaties`, the requests of clients whose indication went out `achterstand` bursts earlier on
    `wlz.aanvragen` (the topics are independent, so the lag makes a request before its indication
    unlikely; the checks do not depend on it), and now and then a poison message. A producer upstream
    retries a burst while the broker is away (a resent message is deduplicated on event_id)."""

    omgeving: Omgeving
    clients: list[str]
    per_burst: int = 10
    achterstand: int = 6
    pauze: float = 0.6
    verzonden: list[str] = field(default_factory=list)  # clients whose indication was sent
    gif: list[bytes] = field(default_factory=list)
    onzeker: list[bytes] = field(default_factory=list)  # poison whose send failed: there at most once
    stop: threading.Event = field(default_factory=threading.Event)
    _draad: threading.Thread | None = None

    def start(self) -> None:
        self._draad = threading.Thread(target=self._zend, daemon=True)
        self._draad.start()

    def klaar(self) -> None:
        self.stop.set()
        assert self._draad is not None
        self._draad.join(timeout=120)

    def _verstuur(self, berichten: list[tuple[str, bytes, bytes]], opnieuw: bool = True) -> bool:
        """Sends, retrying while the broker is away (each attempt bounded: a producer can hang on a broker
        that is going down). Without `opnieuw` one attempt only: True when it was acknowledged."""
        while True:
            try:
                asyncio.run(asyncio.wait_for(produceer(self.omgeving.infra.bootstrap, berichten), timeout=20))
                return True
            except Exception:
                if not opnieuw:
                    return False
                time.sleep(0.5)

    def _zend(self) -> None:
        indicaties, aanvragen = self.omgeving.topic("wlz.indicaties"), self.omgeving.topic("wlz.aanvragen")
        bursts: list[list[str]] = []
        volgende = 0
        while volgende < len(self.clients) and not self.stop.is_set():
            nieuw = self.clients[volgende : volgende + self.per_burst]
            volgende += len(nieuw)
            bursts.append(nieuw)
            berichten = [(indicaties, sleutel(b), indicatie(b)) for b in nieuw]
            if len(bursts) > self.achterstand:
                berichten += [(aanvragen, sleutel(b), aanvraag(b)) for b in bursts[-self.achterstand - 1]]
            self._verstuur(berichten)
            if len(bursts) % 4 == 0:
                # a poison message is sent once, never resent: it must reach the dead-letter topic exactly once
                gif = json.dumps({"event_type": "IndicatieOntvangen", "kapot": str(uuid.uuid4())}).encode()
                (self.gif if self._verstuur([(aanvragen, b"gif", gif)], opnieuw=False) else self.onzeker).append(gif)
            self.verzonden += nieuw
            time.sleep(self.pauze)
        # the requests still owed
        for burst in bursts[max(0, len(bursts) - self.achterstand) :]:
            self._verstuur([(aanvragen, sleutel(b), aanvraag(b)) for b in burst])


def lees_marker(pad: Path) -> dict[str, Any] | None:
    try:
        return dict(json.loads(pad.read_text()))
    except (OSError, ValueError):
        return None


def test_sigkills_midden_in_een_batch_bij_twee_instanties_en_herstart_van_broker_en_database(omgeving: Omgeving, tmp_path: Path) -> None:
    if omgeving.infra.state is None:
        pytest.skip("the broker and database were not started by this suite (WLZ_INFRA_STATE unknown): they cannot be restarted")
    begin = time.monotonic()
    slots = [Instantie(naam, vrije_poort(), tmp_path / f"batch-{naam}.json") for naam in ("a", "b")]

    def start(slot: Instantie, wacht: bool) -> None:
        slot.marker.unlink(missing_ok=True)
        slot.proces = omgeving.start_dienst(poort=slot.poort, wacht=wacht, WLZ_BATCH_MARKER=str(slot.marker), **GROEP)

    for slot in slots:
        start(slot, wacht=False)
    for slot in slots:
        assert slot.proces is not None
        omgeving.wacht_tot_gereed(slot.proces, slot.poort)

    clients = bsns(3000, 600_000_000)
    zender = Zender(omgeving, clients)
    zender.start()

    fasen: Counter[str] = Counter()
    deadline = time.monotonic() + 170
    while sum(fasen.values()) < KILLS and time.monotonic() < deadline:
        for slot in slots:
            proces = slot.proces
            if proces is None or proces.poll() is not None:
                continue
            marker = lees_marker(slot.marker)
            if marker is None or marker["pid"] != proces.pid or marker["fase"] == "klaar":
                continue
            proces.send_signal(signal.SIGKILL)  # a batch is in flight in this process: kill it now
            proces.wait()
            na = lees_marker(slot.marker)  # the process is dead: this is the phase it died in
            assert na is not None and na["pid"] == proces.pid
            fasen[na["fase"]] += 1
            start(slot, wacht=False)  # its replacement joins the group (a rebalance) while the other works
            break
        time.sleep(0.002)
    zender.klaar()
    kills = sum(fasen.values())

    def beide_gereed() -> None:
        """Both slots run and are ready (an instance started while the broker was away exits, as it would
        under an orchestrator that restarts it: so does this test)."""
        for slot in slots:
            assert slot.proces is not None
            if slot.proces.poll() is not None:
                start(slot, wacht=False)
            assert slot.proces is not None
            omgeving.wacht_tot_gereed(slot.proces, slot.poort, timeout=120)

    kill_duur = time.monotonic() - begin
    beide_gereed()
    midden = fasen["begonnen"] + fasen["opgeslagen"]
    herstel_begin = time.monotonic()

    infra = local_infra()
    instellingen = infra.Settings(
        state_dir=omgeving.infra.state, cache_root=Path.home() / ".cache" / "wlz-infra", **infra_poorten(omgeving.infra.state)
    )
    laatsten = bsns(150, 900_000_000)
    tweede = Zender(omgeving, laatsten, per_burst=30, achterstand=1, pauze=0.3)
    tweede.start()
    time.sleep(1.0)
    infra.stop_kafka(instellingen)  # the broker goes away under both instances and the stream ...
    time.sleep(2)
    infra.start_kafka(instellingen)  # ... and comes back
    time.sleep(2)
    infra.stop_postgres(instellingen)  # then the database
    time.sleep(2)
    infra.start_postgres(instellingen)
    tweede.klaar()
    beide_gereed()
    herstel_duur = time.monotonic() - herstel_begin
    inhaal_begin = time.monotonic()

    verzonden = zender.verzonden + tweede.verzonden
    gif = zender.gif + tweede.gif
    onzeker = zender.onzeker + tweede.onzeker
    verwacht_inbound = 2 * len(verzonden)
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline:
        stand = [omgeving.gezondheid(s.poort) for s in slots]
        if (
            alles_bij(stand)
            # reading the whole store is costly: only once the role holders have caught up
            and sum(b["event_type"] in ("IndicatieOntvangen", "LeveringsvormAangevraagd") for b in opgeslagen(omgeving)) >= verwacht_inbound
        ):
            break
        time.sleep(1)
    assert all(omgeving.gereed(s.poort) for s in slots), [omgeving.gezondheid(s.poort) for s in slots]
    inhaal_duur = time.monotonic() - inhaal_begin

    berichten = opgeslagen(omgeving)
    inbound = [b for b in berichten if b["event_type"] in ("IndicatieOntvangen", "LeveringsvormAangevraagd")]
    ids = [b["event_id"] for b in inbound]
    assert len(ids) == len(set(ids)) == verwacht_inbound, f"store: {len(ids)} inbound, {len(set(ids))} distinct, {verwacht_inbound} sent"
    per_case = Counter(b["case_id"] for b in berichten if b["event_type"] in ("LeveringsvormToegekend", "LeveringsvormAfgewezen"))
    assert len(per_case) == len(verzonden) and set(per_case.values()) == {1}, "not exactly one decision per request"
    assert len(gif) <= sum(b["event_type"] == "OnleesbaarBericht" for b in berichten) <= len(gif) + len(onzeker)

    tellingen = tel_alle_topics(omgeving, gif, onzeker, berichten)
    for telling in tellingen.values():
        assert telling.verloren == telling.dubbel == 0, telling.regel()
        assert telling.verwacht > 0, telling.regel()

    async def ledgers() -> list[str]:
        live = await PostgresLedgerStore.verbind(omgeving.database_url)
        doel = await PostgresLedgerStore.verbind(omgeving.database_url, schema="wlz_herbouw")
        try:
            await herbouw(omgeving.service(), doel)
            return await vergelijk(live, doel)
        finally:
            await live.sluit()
            await doel.sluit()

    assert asyncio.run(ledgers()) == []
    logs = "".join(p.read_text(errors="replace") for p in omgeving.logs.glob("dienst-*.log"))
    verkiezingen = logs.count("this instance takes the role")
    toegekend = sum(b["event_type"] == "LeveringsvormToegekend" for b in berichten)
    print(
        f"\nfaults: {kills} SIGKILLs in {kill_duur:.0f} s, {midden} landed mid-batch ({dict(fasen)}), {verkiezingen} roles taken; "
        f"1 broker restart, 1 database restart; {len(verzonden)} clients, {verwacht_inbound} inbound messages "
        f"({toegekend} granted), {len(gif)} poison; phases: kills {kill_duur:.0f} s, broker+database restarts {herstel_duur:.0f} s, "
        f"catching up {inhaal_duur:.0f} s, counting {time.monotonic() - inhaal_begin - inhaal_duur:.0f} s"
    )
    for telling in tellingen.values():
        print(f"  {telling.regel()}")
    assert kills == KILLS, f"only {kills} kills found a batch in flight in time"
    assert midden >= MID_BATCH_MINIMAAL, f"only {midden} of {kills} kills landed mid-batch: {dict(fasen)}"
