"""The personal keys of a batch are read and made at once (services/persoonsgegevens.py `bereid_voor`),
not per event: an existing key is kept, a missing one made once, and none is read again afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.persoonsgegevens import SqliteKluis


def test_sleutels_van_een_batch_in_een_keer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pad = tmp_path / "persoonssleutels.sqlite"
    eerder = SqliteKluis(pad)
    bestaand = eerder.sleutel("a", maak=True)
    eerder.sluit()

    kluis = SqliteKluis(pad)
    kluis.bereid_voor(["a", "b", "c", "b"])

    def niet_per_persoon(persoon: str, *_: object) -> bytes | None:
        raise AssertionError(f"read per person: {persoon}")

    monkeypatch.setattr(kluis, "_status", niet_per_persoon)
    monkeypatch.setattr(kluis, "_maak", niet_per_persoon)
    assert kluis.sleutel("a", maak=True) == bestaand  # kept, not replaced
    b, c = kluis.sleutel("b", maak=True), kluis.sleutel("c", maak=True)
    assert b is not None and c is not None and len({bestaand, b, c}) == 3
    monkeypatch.undo()
    kluis.sluit()

    later = SqliteKluis(pad)  # what was made is stored
    assert (later.sleutel("b", maak=False), later.sleutel("c", maak=False)) == (b, c)
    assert later.wis("b") and later.sleutel("b", maak=False) is None
    later.sluit()


def test_geen_sleutel_voor_een_gewiste_persoon_in_een_batch(tmp_path: Path) -> None:
    """Preparing a batch's keys never makes one for an erased person (the tombstone holds)."""
    kluis = SqliteKluis(tmp_path / "persoonssleutels.sqlite")
    kluis.sleutel("a", maak=True)
    assert kluis.wis("a")
    kluis.bereid_voor(["a", "b"])
    assert kluis.sleutel("a", maak=False) is None and kluis.sleutel("b", maak=False) is not None
    kluis.sluit()


def test_sleutels_van_bestaande_cases_in_een_keer_gelezen(tmp_path: Path) -> None:
    """`lees_voor` reads the keys there are and makes none: a person without a key gets none, an erased
    person none (and the tombstone is still asked for, not cached away)."""
    kluis = SqliteKluis(tmp_path / "persoonssleutels.sqlite")
    a = kluis.sleutel("a", maak=True)
    kluis.sleutel("weg", maak=True)
    assert kluis.wis("weg")
    kluis.sluit()

    kluis = SqliteKluis(tmp_path / "persoonssleutels.sqlite")
    kluis.lees_voor(["a", "weg", "nieuw", "a"])
    assert set(kluis._sleutels) == {"a"} and kluis._sleutels["a"][0] == a
    assert kluis.sleutel("nieuw", maak=False) is None and kluis.sleutel("weg", maak=False) is None
    kluis.sluit()


def test_een_batch_leest_de_sleutels_van_zijn_cases_in_een_keer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch of requests for clients whose keys left the cache (their indications came more than
    BEWAARTIJD ago, as in a national morning's batch) decrypts their cases without a read per person."""
    from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
    from services.application import WlzService
    from services.settings import Settings
    from tests.conftest import BSN, BSN_2, aanvraag, indicatie

    service = WlzService(Settings(data_dir=tmp_path / "store"))

    def reeks(topic: str, berichten: list[object]) -> list[tuple[Ontvangen, object]]:
        return [(Ontvangen(Bronpositie(topic, 0, n), RuwBericht(None, b"{}", ())), b) for n, b in enumerate(berichten)]

    service.verwerk_reeks(reeks("wlz.indicaties", [indicatie("5VV", bsn=BSN), indicatie("6VV", bsn=BSN_2)]))  # type: ignore[arg-type]
    service.kluis._sleutels.clear()  # BEWAARTIJD passed

    def niet_per_persoon(persoon: str, *_: object) -> object:
        raise AssertionError(f"read per person: {persoon}")

    monkeypatch.setattr(service.kluis, "_status", niet_per_persoon)
    monkeypatch.setattr(service.kluis, "_maak", niet_per_persoon)
    uitkomsten = service.verwerk_reeks(reeks("wlz.aanvragen", [aanvraag(["pgb"], bsn=BSN), aanvraag(["mpt"], bsn=BSN_2)]))  # type: ignore[arg-type]
    assert all(isinstance(u, list) and u for u in uitkomsten)  # decided, not refused
    monkeypatch.undo()
    eerste = service.toestand(service.case_id(BSN))
    assert eerste is not None and eerste.indicatie is not None and eerste.indicatie.zorgprofiel == "5VV"
    service.close()


def test_lezers_lezen_de_sleutels_van_een_bladzijde_in_een_keer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader behind by more than BEWAARTIJD (a publisher that reads back from the store, another
    process's events, a rebuild) decrypts a page of notifications without a read per person, and sees
    the personal fields in the clear as before."""
    from services.application import WlzService
    from services.notification_buffer import NotificationBuffer
    from services.settings import Settings
    from tests.conftest import BSN, BSN_2, indicatie

    service = WlzService(Settings(data_dir=tmp_path / "store"))
    service.verwerk(indicatie("5VV", bsn=BSN))
    service.verwerk(indicatie("6VV", bsn=BSN_2))
    service.kluis._sleutels.clear()

    def niet_per_persoon(persoon: str, *_: object) -> object:
        raise AssertionError(f"read per person: {persoon}")

    monkeypatch.setattr(service.kluis, "_status", niet_per_persoon)
    _, uit_store = service.berichten_na(0, 1000)
    service.kluis._sleutels.clear()
    service.buffer = NotificationBuffer(lezers=["publisher"])
    _, uit_buffer = service.berichten_na(0, 1000, lezer="publisher")  # not in the buffer: read from the store into it
    monkeypatch.undo()
    for berichten in (uit_store, uit_buffer):
        bsns = {b["payload"]["bsn"] for _, b in berichten if b["event_type"] == "IndicatieOntvangen"}
        assert bsns == {BSN, BSN_2}
    service.close()
