"""Scale-out (issue 15 item 1): two instances of `wlz serve` in one consumer group share the partitions
and the two roles that run once (publicatie, projecties; services/adapters/kafka/leiderschap.py), one
each. The publishing instance is killed with SIGKILL while a batch is in flight; the other takes over its
partitions and its role, and afterwards no topic has lost or doubled a record: decisions, CAK, SVB and
dead letters, each counted against the store."""

from __future__ import annotations

import json
import signal
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import Omgeving, produceer, rolhouder, run, vrije_poort
from tests.integration.tellingen import tel_alle_topics
from tests.integration.test_kafka_postgres import aanvraag, bsns, indicatie, opgeslagen, sleutel

pytestmark = pytest.mark.integration

GROEP = {"WLZ_SESSION_TIMEOUT_MS": "6000", "WLZ_HEARTBEAT_INTERVAL_MS": "1000", "WLZ_LEIDER_INTERVAL": "0.5"}


def wacht(voorwaarde: Any, timeout: float, wat: str, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if voorwaarde():
            return
        time.sleep(interval)
    raise TimeoutError(wat)


def test_twee_instanties_de_leider_gedood_midden_in_een_batch_niets_verloren_of_dubbel(omgeving: Omgeving, tmp_path: Path) -> None:
    poorten = [vrije_poort(), vrije_poort()]
    markers = [tmp_path / "batch-0.json", tmp_path / "batch-1.json"]
    processen = [
        omgeving.start_dienst(poort=p, wacht=False, WLZ_BATCH_MARKER=str(m), **GROEP) for p, m in zip(poorten, markers, strict=True)
    ]
    for n, (proces, poort) in enumerate(zip(processen, poorten, strict=True)):
        omgeving.wacht_tot_gereed(proces, poort, omgeving.logs / f"dienst-{n}.log")

    def stand() -> list[dict[str, Any]]:
        return [omgeving.gezondheid(p) or {} for p in poorten]

    # balanced: the six inbound partitions (two topics of three) are split over both instances
    wacht(
        lambda: all(s.get("partities") for s in stand()) and sum(len(s["partities"]) for s in stand()) == 6, 30, f"not balanced: {stand()}"
    )
    verdeling = [len(s["partities"]) for s in stand()]
    # the roles spread: each instance holds one, each role is held once
    wacht(lambda: sorted(tuple(s.get("rollen", [])) for s in stand()) == [("projecties",), ("publicatie",)], 30, f"roles: {stand()}")
    leider = next(n for n, s in enumerate(stand()) if "publicatie" in s["rollen"])  # the one that publishes is killed

    clients = bsns(300, 700_000_000)
    gif = [json.dumps({"event_type": "IndicatieOntvangen", "kapot": str(uuid.uuid4())}).encode() for _ in range(5)]
    indicaties = [(omgeving.topic("wlz.indicaties"), sleutel(b), indicatie(b)) for b in clients]
    aanvragen = [(omgeving.topic("wlz.aanvragen"), sleutel(b), aanvraag(b)) for b in clients]
    giftig = [(omgeving.topic("wlz.aanvragen"), b"gif", g) for g in gif]

    def aantal(soort: str) -> int:
        return sum(b["event_type"] == soort for b in opgeslagen(omgeving))

    # the first half's indications; then their requests together with the second half's indications, so
    # that both topics (and so both instances) have work when the leader is killed; every request is
    # sent after its indication was recorded
    run(produceer(omgeving.infra.bootstrap, indicaties[:150] + giftig[:3]))
    wacht(lambda: aantal("IndicatieOntvangen") == 150, 60, "first indications not processed")

    def midden_in_een_batch() -> bool:
        try:
            marker = json.loads(markers[leider].read_text())
        except (OSError, ValueError):
            return False
        return bool(marker["pid"] == processen[leider].pid and marker["fase"] != "klaar")

    run(produceer(omgeving.infra.bootstrap, aanvragen[:150] + indicaties[150:]))
    wacht(midden_in_een_batch, 60, "the leader never had a batch in flight", interval=0.001)
    processen[leider].send_signal(signal.SIGKILL)
    processen[leider].wait()
    fase = json.loads(markers[leider].read_text())["fase"]
    assert fase in ("begonnen", "opgeslagen"), fase  # the kill landed mid-batch

    overlevende = poorten[1 - leider]
    # the survivor takes over every partition (after the dead member's session expires) and the role publicatie
    wacht(lambda: len((omgeving.gezondheid(overlevende) or {}).get("partities", [])) == 6, 60, "partitions not taken over")
    beide = ["projecties", "publicatie"]
    wacht(lambda: sorted((omgeving.gezondheid(overlevende) or {}).get("rollen", [])) == beide, 30, "role not taken over")
    wacht(lambda: aantal("IndicatieOntvangen") == len(clients), 90, "indications lost")
    run(produceer(omgeving.infra.bootstrap, aanvragen[150:] + giftig[3:]))

    def bijgewerkt() -> bool:
        g = omgeving.gezondheid(overlevende) or {}
        berichten = opgeslagen(omgeving)
        return (
            sum(b["event_type"] == "LeveringsvormToegekend" for b in berichten) == len(clients)
            and g.get("gepubliceerd_tot", 0) >= g.get("store_positie", 1)
            and g.get("projecties_tot", 0) >= g.get("store_positie", 1)
        )

    wacht(bijgewerkt, 120, f"not caught up: {omgeving.gezondheid(overlevende)}")
    assert omgeving.gereed(overlevende)

    berichten = opgeslagen(omgeving)
    inbound = [b["event_id"] for b in berichten if b["event_type"] in ("IndicatieOntvangen", "LeveringsvormAangevraagd")]
    assert len(inbound) == len(set(inbound)) == 2 * len(clients)
    tellingen = tel_alle_topics(omgeving, gif)
    print(f"\nscale-out: partitions {verdeling} before the kill, leader killed in phase {fase!r}")
    for telling in tellingen.values():
        print(f"  {telling.regel()}")
        assert telling.verwacht > 0 and telling.verloren == telling.dubbel == 0, telling.regel()


def test_elke_instantie_beantwoordt_de_ledgers_ook_wie_niet_de_leider_is(omgeving: Omgeving, tmp_path: Path) -> None:
    """The HTTP API reads the ledgers on every instance (the one with the role projecties writes them): a
    client of the API need not know which instance that is. Art. 8.12: the regional plafond ledger, the same on both."""
    import urllib.request

    from tests.oidc import Idp

    idp = Idp.maak(tmp_path)
    poorten = [vrije_poort(), vrije_poort()]
    processen = [omgeving.start_dienst(poort=p, wacht=False, **GROEP, **idp.env()) for p in poorten]
    for n, (proces, poort) in enumerate(zip(processen, poorten, strict=True)):
        omgeving.wacht_tot_gereed(proces, poort, omgeving.logs / f"dienst-{n}.log")
    clients = bsns(20, 710_000_000)
    run(produceer(omgeving.infra.bootstrap, [(omgeving.topic("wlz.indicaties"), sleutel(b), indicatie(b)) for b in clients]))
    wacht(lambda: sum(b["event_type"] == "IndicatieOntvangen" for b in opgeslagen(omgeving)) == len(clients), 60, "indications")
    run(produceer(omgeving.infra.bootstrap, [(omgeving.topic("wlz.aanvragen"), sleutel(b), aanvraag(b)) for b in clients]))

    def bij() -> bool:
        if sum(b["event_type"] == "LeveringsvormToegekend" for b in opgeslagen(omgeving)) < len(clients):
            return False  # every request decided first
        projecties = rolhouder([omgeving.gezondheid(p) for p in poorten], "projecties") or {}
        return projecties.get("projecties_tot", 0) >= projecties.get("store_positie", 1) > 0

    wacht(bij, 90, "projections not caught up")
    koppen = {"Authorization": f"Bearer {idp.token('rapportage', sub='rapportage-1')}"}

    def plafonds(poort: int) -> list[dict[str, Any]] | None:
        """The plafond ledger, or None while the instance says 503 (its ledgers not open yet: they open
        beside the start, services/adapters/kafka/app.py)."""
        verzoek = urllib.request.Request(f"http://127.0.0.1:{poort}/api/plafonds/2020", headers=koppen)
        try:
            with urllib.request.urlopen(verzoek, timeout=10) as antwoord:
                return list(json.loads(antwoord.read()))
        except urllib.error.HTTPError as fout:
            if fout.code == 503:
                return None
            raise AssertionError(f"{poort}: {fout.code} {fout.read()!r}") from None

    wacht(lambda: all(plafonds(p) is not None for p in poorten), 30, "an instance does not answer the ledgers")
    antwoorden = [plafonds(p) for p in poorten]
    assert antwoorden[0] is not None
    assert antwoorden[0] == antwoorden[1]
    assert sum(r.get("toegekend_pgb") or 0 for r in antwoorden[0]) > 0  # the grants are in it
    assert sorted(r for p in poorten for r in (omgeving.gezondheid(p) or {}).get("rollen", [])) == ["projecties", "publicatie"]
