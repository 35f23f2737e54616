"""Crypto-shredding (art. 17 AVG): personal fields and free text are encrypted per person in the store,
in dead letters and in the rejects file; erasing the person's key makes them unreadable everywhere,
while budgets and ledgers stay correct and replayable. A message for an erased person has one outcome -
refused as a dead letter / rejected line with the reason "persoonsgegevens gewist (art. 17 AVG)" - and
never makes a new key, never stops a batch, never breaks a read. Erasure is re-runnable: killed halfway,
a re-run (or the next message for that person) finishes it."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from events import besluiten as b
from events import inbound as i
from events import parse_inbound
from events.bsn import GEWIST
from projections.runner import ProjectionRunner, herbouw, vergelijk
from projections.store import SqliteLedgerStore
from services.adapters.cli import app
from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.adapters.toegangslog import SqliteToegangslog
from services.application import ONLEESBAAR_TYPE, Rejection, WlzService
from services.domain.toestand import opbouwen
from services.feeds import feed_records
from services.persoonsgegevens import GEWIST_REDEN, PersoonGewist, SqliteKluis, lees_ruw
from services.settings import Settings
from tests.conftest import BSN, BSN_2, aanvraag, bericht, indicatie

REPO = Path(__file__).resolve().parents[2]


def ruwe_store(pad: Path) -> bytes:
    return b"".join(r[0] for r in sqlite3.connect(pad / "wlz.sqlite").execute("SELECT state FROM stored_events"))


def sleutels(pad: Path) -> tuple[int, int]:
    """(keys, tombstones) in the embedded key store."""
    con = sqlite3.connect(pad / "persoonssleutels.sqlite")
    try:
        return (
            con.execute("SELECT COUNT(*) FROM persoonssleutels").fetchone()[0],
            con.execute("SELECT COUNT(*) FROM gewiste_personen").fetchone()[0],
        )
    finally:
        con.close()


def vormen(bsn: str) -> list[bytes]:
    """The forms a BSN could be stored in: as text, UTF-16, and inside base64 at each alignment."""
    tekst = bsn.encode()
    uit = [tekst, bsn.encode("utf-16-le"), f"{bsn[:3]} {bsn[3:5]} {bsn[5:]}".encode()]
    for verschuiving, begin in ((0, 0), (1, 4), (2, 4)):  # the 8 characters that depend only on the BSN's bytes
        uit.append(base64.b64encode(b"x" * verschuiving + tekst)[begin : begin + 8])
    return uit


def scan(map_: Path, geheimen: list[bytes]) -> list[str]:
    """Every file under `map_` that holds one of `geheimen`: (file, which)."""
    treffers = []
    for pad in sorted(p for p in map_.rglob("*") if p.is_file()):
        try:
            inhoud = pad.read_bytes()
        except FileNotFoundError:  # removed while scanning (a recycled WAL segment): it holds nothing now
            continue
        treffers += [f"{pad.relative_to(map_)}: {g!r}" for g in geheimen if g in inhoud]
    return treffers


def test_bsn_geboortedatum_en_vrije_tekst_staan_nergens_leesbaar_in_de_store(tmp_path: Path) -> None:
    service = WlzService(Settings(data_dir=tmp_path))
    ind = indicatie("5VV", geboren="1941-03-12").model_dump(mode="json")
    ind["payload"] |= {"grondslag": "somatisch-dementie", "indicatiebesluit_id": "CIZ-GEHEIM-77"}
    service.verwerk(parse_inbound(json.dumps(ind)))
    service.verwerk(aanvraag(["pgb"]))
    einde = {"bsn": BSN, "indicatiebesluit_id": "CIZ-GEHEIM-77", "einddatum": "2020-06-30", "reden": "overleden-thuis"}
    [beeindigd, *_] = service.verwerk(bericht("IndicatieBeeindigd", einde))
    assert isinstance(beeindigd, b.LeveringsvormBeeindigd) and beeindigd.payload.reden == "overleden-thuis"  # the decision copies it
    ruw = ruwe_store(tmp_path)
    for geheim in (BSN, "1941-03-12", "somatisch-dementie", "CIZ-GEHEIM-77", "overleden-thuis"):
        assert geheim.encode() not in ruw, geheim
    [gelezen, *_] = service.historie(service.case_id(BSN))
    assert isinstance(gelezen, i.IndicatieOntvangen)
    assert (gelezen.payload.bsn, gelezen.payload.geboortedatum, gelezen.payload.grondslag) == (BSN, date(1941, 3, 12), "somatisch-dementie")


def test_wissen_maakt_de_persoon_onleesbaar_en_laat_budgetten_en_ledgers_intact(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    service = WlzService(settings)
    for bsn in (BSN, BSN_2):
        service.verwerk(indicatie("5VV", bsn=bsn))
        service.verwerk(aanvraag(["pgb"], "2020-07-01", bsn=bsn))
    case_id = service.case_id(BSN)
    budget_voor = service.toestand(case_id).budgetten  # type: ignore[union-attr]

    async def live_ledger() -> SqliteLedgerStore:
        live = SqliteLedgerStore(tmp_path / "live.sqlite")
        await live.maak()
        await ProjectionRunner(service, live).bij()
        return live

    live = asyncio.run(live_ledger())
    voor = asyncio.run(live.budgetten())

    wissing = service.wis_persoon(case_id, "verzoek van de verzekerde", date(2021, 3, 1))
    assert wissing.gewist is not None and wissing.gewist.event_type == "PersoonsgegevensGewist" and wissing.sleutel_gewist
    assert sleutels(tmp_path) == (1, 1)  # BSN_2's key stays; BSN's is gone, its tombstone kept

    tweede = WlzService(settings)  # a fresh process: nothing cached
    historie = tweede.historie(case_id)
    indicatie_gelezen = historie[0]
    assert isinstance(indicatie_gelezen, i.IndicatieOntvangen)
    assert indicatie_gelezen.payload.bsn == GEWIST and indicatie_gelezen.payload.geboortedatum is None
    assert indicatie_gelezen.payload.indicatiebesluit_id == GEWIST
    toestand = tweede.toestand(case_id)
    assert toestand is not None and toestand.gewist and toestand.budgetten == budget_voor
    assert opbouwen(historie) == toestand  # still replayable

    # the other person is untouched
    andere = tweede.historie(tweede.case_id(BSN_2))[0]
    assert isinstance(andere, i.IndicatieOntvangen) and andere.payload.bsn == BSN_2

    # ledgers: unchanged, and a rebuild after erasure equals them
    async def na() -> tuple[list[object], list[str]]:
        await ProjectionRunner(tweede, live).bij()
        doel = SqliteLedgerStore(tmp_path / "herbouw.sqlite")
        await herbouw(tweede, doel)
        return list(await live.budgetten()), await vergelijk(live, doel)

    budgetten, verschillen = asyncio.run(na())
    assert budgetten == voor and verschillen == []
    assert all(feed_records(x.model_dump(mode="json"), toestand.indicatie.bsn) == [] for x in historie)  # type: ignore[union-attr]


def test_bericht_na_wissen_wordt_geweigerd_zonder_nieuwe_sleutel_en_alles_blijft_leesbaar(tmp_path: Path) -> None:
    """Issue 11.1: one ordinary request after erasure used to make a new key silently, after which every
    old field failed to decrypt (InvalidTag) and `case show`/`audit` crashed."""
    service = WlzService(Settings(data_dir=tmp_path))
    service.verwerk(indicatie("5VV"))
    service.verwerk(aanvraag(["pgb"]))
    case_id = service.case_id(BSN)
    service.wis_persoon(case_id, "verzoek", date(2021, 1, 1))
    aantal = len(service.historie(case_id))

    with pytest.raises(PersoonGewist, match=r"persoonsgegevens gewist \(art\. 17 AVG\)"):
        service.verwerk(aanvraag(["mpt"], "2020-10-01"))
    with pytest.raises(PersoonGewist):
        service.verwerk(indicatie("5VV", van="2021-01-01"))  # not even a new indication: no new key
    assert sleutels(tmp_path) == (0, 1)

    tweede = WlzService(Settings(data_dir=tmp_path))
    assert len(tweede.historie(case_id)) == aantal  # nothing stored, everything reads
    runner = CliRunner()
    show = runner.invoke(app, ["--rol", "auditor", "case", "show", str(case_id), "--json", "--data-dir", str(tmp_path)])
    assert show.exit_code == 0, show.output
    assert BSN not in show.output and json.loads(show.output)[0]["payload"]["bsn"] == GEWIST
    audit = runner.invoke(app, ["--rol", "auditor", "audit", str(case_id), "--as-of", "2030-01-01", "--data-dir", str(tmp_path)])
    assert audit.exit_code in (0, 1) and (audit.exception is None or isinstance(audit.exception, SystemExit)), audit.output


def test_wlz_ingest_na_wissen_geeft_een_afgewezen_regel_met_de_reden_en_zonder_bsn(tmp_path: Path) -> None:
    runner = CliRunner()
    data = tmp_path / "data"
    eerst, daarna = tmp_path / "eerst.jsonl", tmp_path / "daarna.jsonl"
    eerst.write_text(indicatie("5VV").model_dump_json() + "\n", encoding="utf-8")
    daarna.write_text(aanvraag(["pgb"]).model_dump_json() + "\n" + indicatie("5VV", bsn=BSN_2).model_dump_json() + "\n", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(eerst), "--data-dir", str(data)]).exit_code == 0
    wis = runner.invoke(app, ["--rol", "beheerder", "erase", BSN, "--data-dir", str(data)])
    assert wis.exit_code == 0 and "gewist" in wis.output and BSN not in wis.output

    resultaat = runner.invoke(app, ["ingest", str(daarna), "--data-dir", str(data)])
    assert resultaat.exit_code == 0, resultaat.output
    assert "1 verwerkt" in resultaat.output and "1 afgewezen" in resultaat.output  # the run goes on
    assert "regel 1" in resultaat.output and GEWIST_REDEN in resultaat.output and BSN not in resultaat.output
    rejects = data / "rejects.jsonl"  # in the data dir, not the working dir
    assert (rejects.stat().st_mode & 0o777) == 0o600
    [regel] = [json.loads(r) for r in rejects.read_text(encoding="utf-8").splitlines()]
    assert regel["reden"] == GEWIST_REDEN and regel["personen"] == [] and BSN not in regel["ruw"]
    assert json.loads(regel["ruw"])["event_type"] == "LeveringsvormAangevraagd"  # its envelope only
    assert sleutels(data) == (1, 1)  # BSN_2 got a key; BSN none


def test_batchpad_na_wissen_dead_letter_met_reden_en_de_partitie_loopt_door(tmp_path: Path) -> None:
    """The consumer's path (`verwerk_reeks`, as in `wlz serve`): the erased person's message becomes a
    dead letter naming the reason, with no BSN in it; the message after it is decided in the same batch."""
    service = WlzService(Settings(data_dir=tmp_path))
    service.verwerk(indicatie("5VV"))
    service.wis_persoon(service.case_id(BSN), "verzoek", date(2021, 1, 1))
    positie = service.recorder.max_notification_id() or 0

    def ruw(event: object) -> RuwBericht:
        return RuwBericht(b"sleutel", event.model_dump_json().encode(), ())  # type: ignore[attr-defined]

    reeks = [
        (Ontvangen(Bronpositie("wlz.aanvragen", 0, 0), ruw(aanvraag(["pgb"]))), aanvraag(["pgb"])),
        (Ontvangen(Bronpositie("wlz.aanvragen", 0, 1), ruw(indicatie("5VV", bsn=BSN_2))), indicatie("5VV", bsn=BSN_2)),
    ]
    [eerste, tweede] = service.verwerk_reeks(reeks)  # type: ignore[arg-type]
    assert eerste == Rejection("gewist", "payload.bsn", GEWIST_REDEN)
    assert tweede == []  # an indication has no decisions, but it is recorded
    assert service.toestand(service.case_id(BSN_2)) is not None

    _, berichten = service.berichten_na(positie)
    [dood] = [m for _, m in berichten if m["event_type"] == ONLEESBAAR_TYPE]
    assert dood["reden"] == GEWIST_REDEN and dood["soort"] == "gewist"
    waarde = base64.b64decode(dood["waarde"])
    assert BSN.encode() not in waarde and json.loads(waarde)["event_type"] == "LeveringsvormAangevraagd"
    assert sleutels(tmp_path) == (1, 1)
    assert BSN.encode() not in ruwe_store(tmp_path)


def test_half_gewist_wordt_afgemaakt_door_opnieuw_wissen_of_door_het_volgende_bericht(tmp_path: Path) -> None:
    """The erasure is recorded first, then the key deleted: killed in between, nothing is lost and a
    re-run finishes it (once: no second erasure event); so does the next message for that person."""
    for afmaken in ("opnieuw", "bericht"):
        data = tmp_path / afmaken
        service = WlzService(Settings(data_dir=data))
        service.verwerk(indicatie("5VV"))
        case_id = service.case_id(BSN)
        echte_wis = service.kluis.wis
        service.kluis.wis = lambda persoon: (_ for _ in ()).throw(KeyboardInterrupt())  # type: ignore[method-assign]
        with pytest.raises(KeyboardInterrupt):
            service.wis_persoon(case_id, "verzoek", date(2021, 1, 1))
        service.kluis.wis = echte_wis  # type: ignore[method-assign]
        assert sleutels(data) == (1, 0)  # half done: recorded, key still there
        opnieuw = WlzService(Settings(data_dir=data))
        if afmaken == "opnieuw":
            wissing = opnieuw.wis_persoon(case_id, "verzoek", date(2021, 1, 1))
            assert wissing.gewist is None and wissing.sleutel_gewist
            assert opnieuw.wis_persoon(case_id, "verzoek", date(2021, 1, 1)).sleutel_gewist is False  # and again: a no-op
        else:
            with pytest.raises(PersoonGewist):
                opnieuw.verwerk(aanvraag(["pgb"]))
        assert sleutels(data) == (0, 1)
        historie = opnieuw.historie(case_id)
        assert [e.event_type for e in historie].count("PersoonsgegevensGewist") == 1
        assert historie[0].payload.bsn == GEWIST  # type: ignore[union-attr]


def test_wlz_erase_gedood_halverwege_en_opnieuw(tmp_path: Path) -> None:
    """A real SIGKILL of `wlz erase` between recording the erasure and deleting the key; the re-run
    finishes it and says so."""
    service = WlzService(Settings(data_dir=tmp_path))
    service.verwerk(indicatie("5VV"))
    service.close()
    script = (
        "import os, signal, sys\n"
        "from services.persoonsgegevens import Kluis\n"
        "Kluis.wis = lambda self, persoon: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from services.adapters.cli import app\n"
        "sys.argv = ['wlz', '--rol', 'beheerder', 'erase', sys.argv[1], '--data-dir', sys.argv[2]]\n"
        "app()\n"
    )
    gedood = subprocess.run([sys.executable, "-c", script, BSN, str(tmp_path)], cwd=REPO, capture_output=True, timeout=120)
    assert gedood.returncode == -signal.SIGKILL
    assert sleutels(tmp_path) == (1, 0)
    opnieuw = CliRunner().invoke(app, ["--rol", "beheerder", "erase", BSN, "--data-dir", str(tmp_path)])
    assert opnieuw.exit_code == 0 and "sleutel is nu verwijderd" in opnieuw.output
    assert sleutels(tmp_path) == (0, 1)
    nog_eens = CliRunner().invoke(app, ["--rol", "beheerder", "erase", BSN, "--data-dir", str(tmp_path)])
    assert nog_eens.exit_code == 0 and "al gewist" in nog_eens.output
    onbekend = CliRunner().invoke(app, ["--rol", "beheerder", "erase", BSN_2, "--data-dir", str(tmp_path)])
    assert onbekend.exit_code == 4, onbekend.output


def test_een_veld_dat_niet_ontsleutelt_leest_als_gewist(tmp_path: Path) -> None:
    """The state the old bug left behind: a new key beside ciphertexts of the old one. Reads never
    fail: such a field reads as erased."""
    service = WlzService(Settings(data_dir=tmp_path))
    service.verwerk(indicatie("5VV"))
    case_id = service.case_id(BSN)
    con = sqlite3.connect(tmp_path / "persoonssleutels.sqlite")
    con.execute("UPDATE persoonssleutels SET sleutel = ?", (os.urandom(32),))
    con.commit()
    con.close()
    [gelezen] = WlzService(Settings(data_dir=tmp_path)).historie(case_id)
    assert isinstance(gelezen, i.IndicatieOntvangen) and gelezen.payload.bsn == GEWIST and gelezen.payload.geboortedatum is None
    show = CliRunner().invoke(app, ["--rol", "auditor", "case", "show", str(case_id), "--data-dir", str(tmp_path)])
    assert show.exit_code == 0, show.output


def test_sleutelstore_secure_delete_en_de_gewiste_sleutel_staat_niet_meer_in_het_bestand(tmp_path: Path) -> None:
    kluis = SqliteKluis(tmp_path / "persoonssleutels.sqlite")
    assert kluis.secure_delete()
    assert (os.stat(tmp_path / "persoonssleutels.sqlite").st_mode & 0o777) == 0o600
    kluis.sleutel("persoon-a", maak=True)
    kluis.sleutel("persoon-b", maak=True)
    ruw = sqlite3.connect(tmp_path / "persoonssleutels.sqlite").execute("SELECT sleutel FROM persoonssleutels WHERE persoon='persoon-a'")
    sleutel_a = bytes(ruw.fetchone()[0])
    assert sleutel_a in (tmp_path / "persoonssleutels.sqlite").read_bytes()
    assert kluis.wis("persoon-a") and not kluis.wis("persoon-a")
    kluis.sluit()
    assert sleutel_a not in b"".join(p.read_bytes() for p in tmp_path.iterdir())
    opnieuw = SqliteKluis(tmp_path / "persoonssleutels.sqlite")
    with pytest.raises(PersoonGewist):
        opnieuw.sleutel("persoon-a", maak=True)  # never a new key for an erased person
    assert opnieuw.sleutel("persoon-a", maak=False) is None and opnieuw.sleutel("persoon-b", maak=False) is not None


def test_dead_letter_en_afgewezen_regel_versleuteld_voor_de_persoon_en_na_wissen_onleesbaar(tmp_path: Path) -> None:
    runner = CliRunner()
    data = tmp_path / "data"
    service = WlzService(Settings(data_dir=data))
    service.verwerk(indicatie("5VV"))
    # a dead letter naming the person (an unknown zorgprofiel: well-formed, not acted on)
    onbekend = indicatie("5VV").model_dump(mode="json")
    onbekend["payload"]["zorgprofiel"] = "9XX"
    onbekend["payload"]["grondslag"] = "psychiatrie-vrije-tekst"
    waarde = json.dumps(onbekend).encode()
    [afwijzing] = service.verwerk_reeks(
        [(Ontvangen(Bronpositie("wlz.indicaties", 0, 0), RuwBericht(None, waarde, ())), parse_inbound(waarde))]
    )
    assert isinstance(afwijzing, Rejection) and afwijzing.veld == "payload.zorgprofiel"
    assert BSN.encode() not in ruwe_store(data) and b"psychiatrie-vrije-tekst" not in ruwe_store(data)
    [(_, dood)] = [(n, m) for n, m in service.berichten_na(0)[1] if m["event_type"] == ONLEESBAAR_TYPE]
    assert base64.b64decode(dood["waarde"]) == waarde  # readable with the key: kept whole, as received
    # a rejected line naming the person (not JSON, so only the raw text can say who)
    invoer = tmp_path / "in.jsonl"
    invoer.write_text(f'{{"kapot": "{BSN}", "geboren": "1940-01-01"\n', encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(invoer), "--data-dir", str(data)]).exit_code == 0
    [regel] = [json.loads(r) for r in (data / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert BSN not in json.dumps(regel) and regel["personen"] == [str(service.case_id(BSN))]
    assert lees_ruw(regel["ruw"], regel["personen"], service.kluis) == invoer.read_bytes().strip()

    assert runner.invoke(app, ["--rol", "beheerder", "erase", BSN, "--data-dir", str(data)]).exit_code == 0
    na = WlzService(Settings(data_dir=data))
    [(_, dood)] = [(n, m) for n, m in na.berichten_na(0)[1] if m["event_type"] == ONLEESBAAR_TYPE]
    assert base64.b64decode(dood["waarde"]) == b""
    assert lees_ruw(regel["ruw"], regel["personen"], na.kluis) is None


def test_na_wissen_staat_niets_van_de_persoon_in_enig_bestand_van_de_data_dir(tmp_path: Path) -> None:
    """Issue 11.2: every file the service writes in its data dir - event store, key store, projections,
    rejects - scanned after erasure for the BSN (in every form it could be stored), the birth date and
    the free text."""
    runner = CliRunner()
    data = tmp_path / "data"
    bsn, geboren = "123456782", "1937-05-19"
    vrij = ["CIZ-VRIJ-4711", "grondslag-vrije-tekst", "reden-vrije-tekst"]
    ind = indicatie("5VV", bsn=bsn, geboren=geboren).model_dump(mode="json")
    ind["payload"] |= {"indicatiebesluit_id": vrij[0], "grondslag": vrij[1]}
    einde = bericht("IndicatieBeeindigd", {"bsn": bsn, "indicatiebesluit_id": vrij[0], "einddatum": "2020-09-30", "reden": vrij[2]})
    kapot = dict(ind, payload=dict(ind["payload"], zorgprofiel="9XX"), event_id="5f0c7e0e-0000-4000-8000-000000000001")
    invoer = tmp_path / "in.jsonl"
    regels = [json.dumps(ind), aanvraag(["pgb"], bsn=bsn).model_dump_json(), einde.model_dump_json(), json.dumps(kapot), "{" + bsn]
    invoer.write_text("\n".join(regels) + "\n", encoding="utf-8")
    uit = runner.invoke(app, ["ingest", str(invoer), "--data-dir", str(data)])
    assert uit.exit_code == 0 and "3 verwerkt" in uit.output and "2 afgewezen" in uit.output, uit.output
    assert runner.invoke(app, ["--rol", "auditor", "replay", "--data-dir", str(data)]).exit_code == 0  # projections and their rebuild too
    assert runner.invoke(app, ["--rol", "beheerder", "erase", bsn, "--data-dir", str(data)]).exit_code == 0
    assert runner.invoke(app, ["ingest", str(invoer), "--data-dir", str(data)]).exit_code == 0  # the same lines again, after erasure

    geheimen = [*vormen(bsn), geboren.encode(), *(v.encode() for v in vrij)]
    assert scan(data, geheimen) == []
    assert {p.name for p in data.iterdir()} >= {"wlz.sqlite", "persoonssleutels.sqlite", "projecties.sqlite", "rejects.jsonl"}
    assert (data.stat().st_mode & 0o777) == 0o700  # the data dir and every file in it: its owner only
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in data.iterdir()} == {p.name: "0o600" for p in data.iterdir()}


def test_gewist_zonder_case_ook_geen_nieuwe_sleutel(tmp_path: Path) -> None:
    """A person known only from a rejected line (a key, no case) is erased; a valid message for them
    afterwards is still refused - by the key store's tombstone - on both paths, and stores nothing."""
    runner = CliRunner()
    invoer = tmp_path / "in.jsonl"
    invoer.write_text(f'{{"kapot": "{BSN}"\n', encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(invoer), "--data-dir", str(tmp_path)]).exit_code == 0
    assert sleutels(tmp_path) == (1, 0)
    wis = runner.invoke(app, ["--rol", "beheerder", "erase", BSN, "--data-dir", str(tmp_path)])
    assert wis.exit_code == 0 and "sleutel is nu verwijderd" in wis.output
    service = WlzService(Settings(data_dir=tmp_path))
    with pytest.raises(PersoonGewist):
        service.verwerk(indicatie("5VV"))
    waarde = indicatie("5VV").model_dump_json().encode()
    ontvangen = Ontvangen(Bronpositie("wlz.indicaties", 0, 0), RuwBericht(None, waarde, ()))
    assert service.verwerk_reeks([(ontvangen, parse_inbound(waarde))]) == [Rejection("gewist", "payload.bsn", GEWIST_REDEN)]
    assert service.toestand(service.case_id(BSN)) is None and sleutels(tmp_path) == (0, 1)
    assert BSN.encode() not in ruwe_store(tmp_path)


def test_wlz_erase_op_de_opdrachtregel(tmp_path: Path) -> None:
    service = WlzService(Settings(data_dir=tmp_path))
    service.verwerk(indicatie("5VV"))
    geen_rol = CliRunner().invoke(app, ["erase", BSN, "--data-dir", str(tmp_path)])
    assert geen_rol.exit_code == 2 and len(geen_rol.output.strip().splitlines()) == 1  # no default role
    for rol in ("auditor", "zorgkantoor", "rapportage"):  # only the privileged role erases
        geweigerd = CliRunner().invoke(app, ["--rol", rol, "--regio", "Utrecht", "erase", BSN, "--data-dir", str(tmp_path)])
        assert geweigerd.exit_code == 3, geweigerd.output
    resultaat = CliRunner().invoke(app, ["--rol", "beheerder", "erase", BSN, "--data-dir", str(tmp_path)])
    assert resultaat.exit_code == 0, resultaat.output
    assert "gewist" in resultaat.output and BSN not in resultaat.output
    regels = SqliteToegangslog(tmp_path / "toegangslog.sqlite").regels()
    assert [(r.rol, r.uitkomst) for r in regels] == [(r, "geweigerd") for r in ("auditor", "zorgkantoor", "rapportage")] + [
        ("beheerder", "toegestaan")
    ]
    assert (regels[-1].actie, regels[-1].gegevens, regels[-1].persoon) == ("wijzigen", "persoonsgegevens", str(service.case_id(BSN)))
