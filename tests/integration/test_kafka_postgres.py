"""The service on a real Kafka broker and a real PostgreSQL: decisions in the store and on the
decision topic, exactly once; poison messages to the dead-letter topic; SIGKILL mid-stream."""

from __future__ import annotations

import json
import signal
import time
import uuid
from typing import Any

import psycopg
import pytest

from events.bsn import elfproef
from services.identity import case_id_voor
from tests.integration.conftest import Omgeving, lees_alles, produceer, run

pytestmark = pytest.mark.integration
SLEUTEL = b"wlz-ontwikkelsleutel-niet-voor-productie"


def bsns(aantal: int, start: int = 100_000_000) -> list[str]:
    uit: list[str] = []
    n = start
    while len(uit) < aantal:
        if elfproef(str(n)):
            uit.append(str(n))
        n += 1
    return uit


def bericht(event_type: str, payload: dict[str, Any], event_id: str | None = None) -> bytes:
    return json.dumps(
        {
            "event_id": event_id or str(uuid.uuid4()),
            "event_type": event_type,
            "occurred_at": "2020-01-01T09:00:00+01:00",
            "payload": payload,
        }
    ).encode()


def indicatie(bsn: str) -> bytes:
    return bericht(
        "IndicatieOntvangen",
        {
            "bsn": bsn,
            "indicatiebesluit_id": f"CIZ-{bsn}",
            "zorgprofiel": "5VV",
            "ingangsdatum": "2020-01-01",
            "geboortedatum": "1940-01-01",
            "regio": "Utrecht",
        },
    )


def aanvraag(bsn: str, event_id: str | None = None) -> bytes:
    return bericht(
        "LeveringsvormAangevraagd",
        {"bsn": bsn, "leveringsvormen": ["pgb"], "ingangsdatum": "2020-07-01", "gewaarborgde_hulp": True},
        event_id,
    )  # art. 5.6 (5VV)


def sleutel(bsn: str) -> bytes:
    """The partition key: the case id (an HMAC of the BSN), never the BSN itself."""
    return str(case_id_voor(bsn, SLEUTEL)).encode()


def wacht_op(omgeving: Omgeving, verwerkt: int, timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    gezondheid: dict[str, Any] | None = None
    while time.monotonic() < deadline:
        gezondheid = omgeving.gezondheid()
        if (
            gezondheid
            and gezondheid["verwerkt"] + gezondheid["dead_letters"] >= verwerkt
            and gezondheid["gepubliceerd_tot"] >= gezondheid["store_positie"]
        ):
            return gezondheid
        time.sleep(0.3)
    raise TimeoutError(f"not processed in time: {gezondheid}")


def opgeslagen(omgeving: Omgeving) -> list[dict[str, Any]]:
    service = omgeving.service()
    _, berichten = service.berichten_na(0, 1_000_000)
    return [b for _, b in berichten]


def test_indicatie_en_aanvraag_worden_besluiten_in_postgres_en_op_het_besluitentopic(omgeving: Omgeving) -> None:
    omgeving.start_dienst()
    bsn = bsns(1)[0]
    run(produceer(omgeving.infra.bootstrap, [(omgeving.topic("wlz.indicaties"), sleutel(bsn), indicatie(bsn))]))
    wacht_op(omgeving, 1)
    run(produceer(omgeving.infra.bootstrap, [(omgeving.topic("wlz.aanvragen"), sleutel(bsn), aanvraag(bsn))]))
    wacht_op(omgeving, 2)

    soorten = [b["event_type"] for b in opgeslagen(omgeving)]
    assert soorten == ["IndicatieOntvangen", "LeveringsvormAangevraagd", "LeveringsvormToegekend", "BudgetVastgesteld"]
    records = run(lees_alles(omgeving.infra.bootstrap, omgeving.topic("wlz.besluiten"), 2))
    assert [json.loads(r.value)["event_type"] for r in records] == ["LeveringsvormToegekend", "BudgetVastgesteld"]
    budget = json.loads(records[1].value)
    assert budget["payload"]["pgb_deel"] == 2_628_586  # 52.286 x 184/366
    assert records[0].key == sleutel(bsn)
    assert dict(records[0].headers)["event_id"].decode() == json.loads(records[0].value)["event_id"]

    # the projections follow the store inside the service: the regional ledger on PostgreSQL
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (omgeving.gezondheid() or {}).get("projecties_tot", 0) < 4:
        time.sleep(0.2)
    with psycopg.connect(omgeving.database_url) as con:
        rij = con.execute("SELECT toegekend_pgb, plafond FROM plafond_ledger WHERE regio = 'Utrecht' AND jaar = 2020").fetchone()
    assert rij == (2_628_586, 17_303_226_000)


def test_hetzelfde_bericht_twee_keer_geeft_een_besluit(omgeving: Omgeving) -> None:
    omgeving.start_dienst()
    bsn = bsns(1, 200_000_000)[0]
    dubbel = aanvraag(bsn, event_id=str(uuid.uuid4()))
    run(produceer(omgeving.infra.bootstrap, [(omgeving.topic("wlz.indicaties"), sleutel(bsn), indicatie(bsn))]))
    wacht_op(omgeving, 1)
    run(produceer(omgeving.infra.bootstrap, [(omgeving.topic("wlz.aanvragen"), sleutel(bsn), dubbel)] * 2))
    wacht_op(omgeving, 3)
    assert len(opgeslagen(omgeving)) == 4
    records = run(lees_alles(omgeving.infra.bootstrap, omgeving.topic("wlz.besluiten"), 2, timeout=5))
    assert len(records) == 2


def test_gifbericht_gaat_naar_de_dlq_en_het_volgende_wordt_verwerkt(omgeving: Omgeving) -> None:
    omgeving.start_dienst()
    bsn = bsns(1, 300_000_000)[0]
    aanvragen = omgeving.topic("wlz.aanvragen")
    gif = [
        b"{dit is geen json",
        bericht("LeveringsvormAangevraagd", {"bsn": "123456789", "leveringsvormen": ["pgb"], "ingangsdatum": "2020-01-01"}),
        bericht("Onbekend", {"bsn": bsn}),
        bericht(
            "IndicatieOntvangen",
            {
                "bsn": bsn,
                "indicatiebesluit_id": "X",
                "zorgprofiel": "9XX",
                "ingangsdatum": "2020-01-01",
                "geboortedatum": "1940-01-01",
                "regio": "Utrecht",
            },
        ),
    ]
    berichten = [(aanvragen, sleutel(bsn), g) for g in gif]
    berichten.append((omgeving.topic("wlz.indicaties"), sleutel(bsn), indicatie(bsn)))
    run(produceer(omgeving.infra.bootstrap, berichten))
    gezondheid = wacht_op(omgeving, 5)
    assert gezondheid["dead_letters"] == 4 and gezondheid["verwerkt"] == 1

    dood = run(lees_alles(omgeving.infra.bootstrap, omgeving.topic("wlz.dlq"), 4))
    assert sorted(r.value for r in dood) == sorted(gif)
    koppen = [dict(r.headers) for r in dood]
    assert {k["wlz-dlq-soort"] for k in koppen} == {b"json", b"schema", b"inhoud"}
    assert all(k["wlz-dlq-bron-topic"] == aanvragen.encode() for k in koppen)
    assert all(b"123456789" not in b"".join(k.values()) for k in koppen)  # no BSN in an error text
    bsn_fout = next(k for k in koppen if b"bsn" in k["wlz-dlq-veld"])
    assert b"elfproef" in bsn_fout["wlz-dlq-reden"]
    opgeslagen_typen = [b["event_type"] for b in opgeslagen(omgeving)]
    assert [t for t in opgeslagen_typen if t != "OnleesbaarBericht"] == ["IndicatieOntvangen"]
    assert opgeslagen_typen.count("OnleesbaarBericht") == 4  # kept in the store, published from there


def test_sigkill_midden_in_de_stroom_verliest_en_verdubbelt_niets(omgeving: Omgeving) -> None:
    aantal = 400
    clients = bsns(aantal, 400_000_000)
    dienst = omgeving.start_dienst()
    run(produceer(omgeving.infra.bootstrap, [(omgeving.topic("wlz.indicaties"), sleutel(b), indicatie(b)) for b in clients]))
    wacht_op(omgeving, aantal)
    run(produceer(omgeving.infra.bootstrap, [(omgeving.topic("wlz.aanvragen"), sleutel(b), aanvraag(b)) for b in clients]))

    deadline = time.monotonic() + 60
    bij_kill = 0
    while time.monotonic() < deadline:  # kill once the stream of requests is well under way
        gezondheid = omgeving.gezondheid()
        if gezondheid and gezondheid["verwerkt"] >= aantal + aantal // 4:
            bij_kill = gezondheid["verwerkt"]
            break
        time.sleep(0.02)
    dienst.send_signal(signal.SIGKILL)
    dienst.wait()
    assert omgeving.gezondheid() is None
    assert aantal < bij_kill < 2 * aantal, f"killed at {bij_kill}: not mid-stream"

    omgeving.start_dienst()
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if len(opgeslagen(omgeving)) >= 4 * aantal:
            break
        time.sleep(0.5)

    berichten = opgeslagen(omgeving)
    soorten = [b["event_type"] for b in berichten]
    assert soorten.count("IndicatieOntvangen") == aantal
    assert soorten.count("LeveringsvormAangevraagd") == aantal
    assert soorten.count("LeveringsvormToegekend") == aantal
    assert soorten.count("BudgetVastgesteld") == aantal
    assert len({b["event_id"] for b in berichten}) == len(berichten) == 4 * aantal

    records = run(lees_alles(omgeving.infra.bootstrap, omgeving.topic("wlz.besluiten"), 2 * aantal, timeout=90))
    ids = [json.loads(r.value)["event_id"] for r in records]
    assert len(ids) == 2 * aantal  # nothing lost, nothing twice (read_committed)
    assert len(set(ids)) == len(ids)
    besluiten_in_store = {b["event_id"] for b in berichten if b["event_type"] in ("LeveringsvormToegekend", "BudgetVastgesteld")}
    assert set(ids) == besluiten_in_store
