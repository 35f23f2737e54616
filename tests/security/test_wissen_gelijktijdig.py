"""Two erasures of the same person at the same moment (two `wlz erase` processes, or two service instances
on one store): both load the case before either has saved, so both append `PersoonsgegevensGewist` at
the same version. Exactly one records it; the other sees the library's optimistic-concurrency conflict
(IntegrityError), reloads the case, finds it erased and finishes the remaining step (the key) or reports
that it already was erased - no traceback, exit 0. The PostgreSQL variant is in
tests/integration/test_wissen_gelijktijdig.py."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from services.adapters.cli import app
from services.application import Wissing, WlzService
from services.settings import Settings
from tests.conftest import BSN, aanvraag, indicatie


def met_wacht_voor_eerste_save(service: WlzService, wacht: Callable[[], object]) -> None:
    """`wacht()` runs once, just before this instance's first save: after its load of the case."""
    origineel = service.save
    gedaan: list[bool] = []

    def save(*aggregaten: Any, **opties: Any) -> Any:
        if not gedaan:
            gedaan.append(True)
            wacht()
        return origineel(*aggregaten, **opties)

    service.save = save  # type: ignore[method-assign]


def twee_gelijktijdige_wissingen(settings: Settings) -> tuple[WlzService, list[Wissing | BaseException]]:
    """Two instances on the same store erase the same person in two threads; a barrier holds each between
    its load and its save, so both append at the same version. Returns a third instance and the outcomes."""
    eerste = WlzService(settings)
    eerste.verwerk(indicatie("5VV"))
    eerste.verwerk(aanvraag(["pgb"]))
    tweede = WlzService(settings)
    case_id = eerste.case_id(BSN)
    barriere = threading.Barrier(2, timeout=60)
    uitkomsten: list[Wissing | BaseException] = []

    def wis(service: WlzService) -> None:
        met_wacht_voor_eerste_save(service, barriere.wait)
        try:
            uitkomsten.append(service.wis_persoon(case_id, "verzoek van de verzekerde", date(2021, 3, 1)))
        except BaseException as fout:
            uitkomsten.append(fout)

    draden = [threading.Thread(target=wis, args=(s,)) for s in (eerste, tweede)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=120)
    eerste.close()
    tweede.close()
    return WlzService(settings), uitkomsten


def controleer_een_wissing(derde: WlzService, uitkomsten: list[Wissing | BaseException]) -> None:
    assert all(isinstance(u, Wissing) for u in uitkomsten), uitkomsten
    wissingen = [u for u in uitkomsten if isinstance(u, Wissing)]
    assert len(wissingen) == 2
    assert sum(w.gewist is not None for w in wissingen) == 1  # exactly one records the erasure
    assert sum(w.sleutel_gewist for w in wissingen) == 1  # and the key is deleted once
    [verloren] = [w for w in wissingen if w.gewist is None]
    assert verloren.conflict  # the other one saw the conflict and reloaded
    case_id = wissingen[0].case_id
    assert [e.event_type for e in derde.historie(case_id)].count("PersoonsgegevensGewist") == 1
    assert not derde.kluis.heeft_sleutel(str(case_id)) and derde.kluis.gewist(str(case_id))


def test_twee_gelijktijdige_wissingen_leggen_een_wissing_vast_sqlite(tmp_path: Path) -> None:
    derde, uitkomsten = twee_gelijktijdige_wissingen(Settings(data_dir=tmp_path))
    controleer_een_wissing(derde, uitkomsten)


def test_wlz_erase_die_het_conflict_verliest_meldt_al_gewist_met_exit_0(tmp_path: Path, monkeypatch: Any) -> None:
    """The CLI's side of the race: another `wlz erase` records the erasure between this one's load and
    save; this one reloads and says the data was already erased (by another erasure), exit 0."""
    settings = Settings(data_dir=tmp_path)
    service = WlzService(settings)
    service.verwerk(indicatie("5VV"))
    case_id = service.case_id(BSN)
    service.close()
    origineel = WlzService.save
    anderen: list[Wissing] = []
    begonnen: list[bool] = []

    ander = WlzService(settings)  # the other process, started before this one

    def save(self: WlzService, *aggregaten: Any, **opties: Any) -> Any:
        if not begonnen:  # the first save is the CLI's: the other process wins just before it
            begonnen.append(True)
            anderen.append(ander.wis_persoon(case_id, "verzoek", date(2021, 3, 1)))
        return origineel(self, *aggregaten, **opties)

    monkeypatch.setattr(WlzService, "save", save)
    uit = CliRunner().invoke(app, ["--rol", "beheerder", "erase", BSN, "--data-dir", str(tmp_path)])
    assert uit.exit_code == 0, uit.output
    assert uit.exception is None or isinstance(uit.exception, SystemExit)
    assert "al gewist" in uit.output and "gelijktijdig" in uit.output and BSN not in uit.output
    assert anderen[0].gewist is not None and anderen[0].sleutel_gewist
    monkeypatch.undo()
    ander.close()
    nog = WlzService(settings)
    assert [e.event_type for e in nog.historie(case_id)].count("PersoonsgegevensGewist") == 1


def test_wissing_die_botst_met_een_bericht_voor_dezelfde_persoon_herlaadt_en_wist(tmp_path: Path) -> None:
    """An ordinary message for the person (another instance, as `wlz serve` beside `wlz erase`) is
    recorded between the erasure's load and save: the erasure reloads and is recorded after it, once."""
    settings = Settings(data_dir=tmp_path)
    service = WlzService(settings)
    service.verwerk(indicatie("5VV"))
    case_id = service.case_id(BSN)
    ander = WlzService(settings)
    met_wacht_voor_eerste_save(service, lambda: ander.verwerk(aanvraag(["pgb"])))
    wissing = service.wis_persoon(case_id, "verzoek", date(2021, 3, 1))
    assert wissing.gewist is not None and wissing.sleutel_gewist and wissing.conflict
    soorten = [e.event_type for e in WlzService(settings).historie(case_id)]
    assert soorten[-1] == "PersoonsgegevensGewist" and soorten.count("PersoonsgegevensGewist") == 1
    assert "BudgetVastgesteld" in soorten  # the message's decisions are kept, before the erasure


TWEE_PROCESSEN = """
import sys, time
from pathlib import Path
from services.application import WlzService
klaar, ander = Path(sys.argv[3]), Path(sys.argv[4])
origineel = WlzService.save
def save(self, *aggregaten, **opties):
    klaar.touch()  # loaded, about to save: wait until the other process is here too
    grens = time.monotonic() + 60
    while not ander.exists() and time.monotonic() < grens:
        time.sleep(0.01)
    WlzService.save = origineel
    return origineel(self, *aggregaten, **opties)
WlzService.save = save
from services.adapters.cli import app
sys.argv = ["wlz", "--rol", "beheerder", "erase", sys.argv[1], "--data-dir", sys.argv[2]]
app()
"""


def test_twee_wlz_erase_processen_tegelijk(tmp_path: Path) -> None:
    """Two real `wlz erase` processes of the same person, each held after its load until the other has
    loaded too: both exit 0 without a traceback, one records the erasure, the other says it already was."""
    import subprocess
    import sys

    from tests.security.test_wissen import REPO, sleutels

    data = tmp_path / "data"
    service = WlzService(Settings(data_dir=data))
    service.verwerk(indicatie("5VV"))
    case_id = service.case_id(BSN)
    service.close()
    a, b = tmp_path / "a", tmp_path / "b"
    processen = [
        subprocess.Popen(
            [sys.executable, "-c", TWEE_PROCESSEN, BSN, str(data), str(eigen), str(ander)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for eigen, ander in ((a, b), (b, a))
    ]
    uitvoer = [p.communicate(timeout=180) for p in processen]
    teksten = [(o + e).decode() for o, e in uitvoer]
    assert [p.returncode for p in processen] == [0, 0], teksten
    assert all("Traceback" not in t and BSN not in t for t in teksten), teksten
    # exactly one recorded it (its event id is printed), the other met the conflict and says so; which one
    # records may also be the other's start, when it finds this one's erasure begun (rond_wissingen_af)
    assert sum(f"case {case_id} gewist (" in t for t in teksten) == 1, teksten
    assert sum("waren al gewist (gelijktijdig door een andere wissing vastgelegd)" in t for t in teksten) == 1, teksten
    assert sleutels(data) == (0, 1)
    assert [e.event_type for e in WlzService(Settings(data_dir=data)).historie(case_id)].count("PersoonsgegevensGewist") == 1
