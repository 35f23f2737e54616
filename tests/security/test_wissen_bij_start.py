"""An erasure cut off by a stop (issue 11 item 1: erasure records the event first, then deletes the key) is
finished at the next start of anything that opens the store (`WlzService`: `wlz serve`, the Kafka app,
every CLI command): no waiting for a re-run of `wlz erase` or for the next message for that person. The
key store keeps a mark of every erasure begun until its key is gone; at start one query reads the marks
and each is finished (the event recorded if it was not yet, the key deleted and tombstoned), logged as
counts only. The PostgreSQL variant is in tests/integration/test_wissen_gelijktijdig.py."""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from events import parse_inbound
from events.bsn import GEWIST
from services.application import WlzService
from services.persoonsgegevens import Kluis
from services.settings import Settings
from tests.conftest import BSN, aanvraag, bericht, indicatie
from tests.security.test_wissen import scan, sleutels, vormen


class Gedood(BaseException):
    """Stands for the SIGKILL between recording the erasure and deleting the key."""


def persoon_met_vrije_tekst(settings: Settings) -> tuple[WlzService, list[bytes]]:
    service = WlzService(settings)
    geboren, vrij = "1936-08-21", ["CIZ-START-0815", "grondslag-bij-start", "reden-bij-start"]
    ind = indicatie("5VV", geboren=geboren).model_dump(mode="json")
    ind["payload"] |= {"indicatiebesluit_id": vrij[0], "grondslag": vrij[1]}
    service.verwerk(parse_inbound(json.dumps(ind)))
    service.verwerk(aanvraag(["pgb"]))
    einde = {"bsn": BSN, "indicatiebesluit_id": vrij[0], "einddatum": "2020-09-30", "reden": vrij[2]}
    service.verwerk(bericht("IndicatieBeeindigd", einde))
    return service, [*vormen(BSN), geboren.encode(), *(v.encode() for v in vrij)]


def gedood_na_vastleggen(service: WlzService, monkeypatch: Any) -> bytes:
    """Erases with the key deletion made to fail as a kill would: the event is recorded, the key stays.
    Returns the key's bytes (to look for them in the files afterwards)."""
    case_id = service.case_id(BSN)
    sleutel = service.kluis.sleutel(str(case_id), maak=False)
    assert sleutel is not None
    with monkeypatch.context() as m:
        m.setattr(Kluis, "wis", lambda self, persoon: (_ for _ in ()).throw(Gedood()))
        with pytest.raises(Gedood):
            service.wis_persoon(case_id, "verzoek", date(2021, 1, 1))
    service.close()
    return sleutel


def test_een_afgebroken_wissing_wordt_bij_de_volgende_start_afgemaakt(
    tmp_path: Path, monkeypatch: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(data_dir=tmp_path)
    service, geheimen = persoon_met_vrije_tekst(settings)
    case_id = service.case_id(BSN)
    sleutel = gedood_na_vastleggen(service, monkeypatch)
    assert sleutels(tmp_path) == (1, 0)  # half done: the erasure recorded, the key still there
    assert [p.name for p in tmp_path.iterdir() if sleutel in p.read_bytes()] == ["persoonssleutels.sqlite"]

    with caplog.at_level(logging.INFO, logger="services.application"):
        opnieuw = WlzService(settings)  # the next start of anything that opens the store
    assert sleutels(tmp_path) == (0, 1)  # the key deleted, the tombstone kept
    regels = [r.getMessage() for r in caplog.records if "erasure" in r.getMessage() and "start" in r.getMessage()]
    assert regels == ["finished 1 erasure(s) cut off before their key was deleted, at start"]
    assert BSN not in caplog.text and str(case_id) not in regels[0]  # counts only
    historie = opnieuw.historie(case_id)
    assert [e.event_type for e in historie].count("PersoonsgegevensGewist") == 1
    assert historie[0].payload.bsn == GEWIST  # type: ignore[union-attr]
    opnieuw.close()
    assert scan(tmp_path, [*geheimen, sleutel]) == []  # no file holds the person's data, nor the key
    # and a re-run of `wlz erase` afterwards is the no-op it always was
    derde = WlzService(settings)
    wissing = derde.wis_persoon(case_id, "verzoek", date(2021, 1, 1))
    assert wissing.gewist is None and not wissing.sleutel_gewist


def test_zonder_afgebroken_wissing_kost_de_start_een_query(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(data_dir=tmp_path)
    service = WlzService(settings)
    service.verwerk(indicatie("5VV"))
    service.wis_persoon(service.case_id(BSN), "verzoek", date(2021, 1, 1))  # a complete erasure leaves no mark
    service.close()
    verzoeken: list[str] = []
    origineel = sqlite3.connect

    def verbind(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        con = origineel(*args, **kwargs)
        if str(args[0] if args else kwargs.get("database")).endswith("persoonssleutels.sqlite"):
            con.set_trace_callback(verzoeken.append)
        return con

    with pytest.MonkeyPatch.context() as m:
        m.setattr(sqlite3, "connect", verbind)
        with caplog.at_level(logging.INFO, logger="services.application"):
            WlzService(settings).close()
    lezingen = [v for v in verzoeken if "lopende_wissingen" in v and not v.startswith("CREATE TABLE IF NOT EXISTS")]
    assert len(lezingen) == 1 and lezingen[0].startswith("SELECT")  # one query, nothing written
    assert "erasure" not in caplog.text


def test_gedood_voor_het_vastleggen_wordt_de_wissing_bij_de_start_vastgelegd_en_afgemaakt(tmp_path: Path, monkeypatch: Any) -> None:
    """Killed after the mark and before the event was saved: the operator's erasure is neither lost nor
    half done - the next start records it (with the operator's reason and date) and deletes the key."""
    settings = Settings(data_dir=tmp_path)
    service = WlzService(settings)
    service.verwerk(indicatie("5VV"))
    case_id = service.case_id(BSN)
    with monkeypatch.context() as m:
        m.setattr(WlzService, "save", lambda self, *a, **k: (_ for _ in ()).throw(Gedood()))
        with pytest.raises(Gedood):
            service.wis_persoon(case_id, "verzoek van de verzekerde", date(2021, 2, 3))
    service.close()
    assert sleutels(tmp_path) == (1, 0)
    opnieuw = WlzService(settings)
    assert sleutels(tmp_path) == (0, 1)
    [gewist] = [e for e in opnieuw.historie(case_id) if e.event_type == "PersoonsgegevensGewist"]
    assert (gewist.payload.reden, gewist.payload.datum) == ("verzoek van de verzekerde", date(2021, 2, 3))  # type: ignore[union-attr]


def test_elke_opdracht_die_de_store_opent_maakt_het_af(tmp_path: Path, monkeypatch: Any) -> None:
    """Not only `wlz serve`: a read command (here `wlz case show`, through services/bootstrap.py) opening
    the store finishes the erasure too, and shows the case as erased."""
    from typer.testing import CliRunner

    from services.adapters.cli import app

    settings = Settings(data_dir=tmp_path)
    service = WlzService(settings)
    service.verwerk(indicatie("5VV"))
    case_id = service.case_id(BSN)
    gedood_na_vastleggen(service, monkeypatch)
    assert sleutels(tmp_path) == (1, 0)
    show = CliRunner().invoke(app, ["--rol", "auditor", "case", "show", str(case_id), "--json", "--data-dir", str(tmp_path)])
    assert show.exit_code == 0, show.output
    assert sleutels(tmp_path) == (0, 1) and BSN not in show.output
    assert json.loads(show.stdout)[0]["payload"]["bsn"] == GEWIST
