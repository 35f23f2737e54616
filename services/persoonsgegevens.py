"""Personal data encrypted per person, so that erasing one key makes that person unreadable everywhere.

The BSN and the birth date in stored events are encrypted (AES-GCM) with a key of their own per person
(per case), kept in a key table (`persoonssleutels`) beside the event store. `wlz erase` deletes the key:
the stored events keep their place and order, their decisions, budgets and ledgers stay correct and
replayable (none of those carry personal data), and the personal fields read back as erased.

This works in the mapper of the event store (between the aggregate and the bytes), so the domain stays
pure and every reader - replay, audit, feeds - sees the same thing. With `WLZ_CIPHER_KEY` the whole
event is encrypted as well.
"""

from __future__ import annotations

import base64
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import Mapper, StoredEvent

from events.bsn import GEWIST

VOORVOEGSEL = "pg:v1:"
PERSOONLIJKE_VELDEN = ("bsn", "geboortedatum", "iwlz_client")  # iwlz_client: name and address from an IO31


class Kluis:
    """The key table: one random AES-256 key per person, created on first use, deleted on erasure."""

    def __init__(self) -> None:
        self._sleutels: dict[str, bytes] = {}  # this process's cache; an erased key leaves it at once

    def sleutel(self, persoon: str, maak: bool) -> bytes | None:
        if (bewaard := self._sleutels.get(persoon)) is not None:
            return bewaard
        sleutel = self._lees(persoon)
        if sleutel is None and maak:
            sleutel = self._maak(persoon, AESGCM.generate_key(bit_length=256))
        if sleutel is not None:
            self._sleutels[persoon] = sleutel
        return sleutel

    def bereid_voor(self, personen: Iterable[str]) -> None:
        """The keys of a batch's persons at once: one read, and one write for the missing ones (instead of
        up to three round trips per new person when each event is encrypted)."""
        nodig = [p for p in set(personen) if p not in self._sleutels]
        if not nodig:
            return
        gevonden = self._lees_veel(nodig)
        nieuw = {p: AESGCM.generate_key(bit_length=256) for p in nodig if p not in gevonden}
        if nieuw:
            gevonden |= self._maak_veel(nieuw)
        self._sleutels.update(gevonden)

    def wis(self, persoon: str) -> bool:
        self._sleutels.pop(persoon, None)
        return self._verwijder(persoon)

    def sluit(self) -> None:
        return None

    def _lees(self, persoon: str) -> bytes | None:
        raise NotImplementedError

    def _maak(self, persoon: str, sleutel: bytes) -> bytes:
        raise NotImplementedError

    def _verwijder(self, persoon: str) -> bool:
        raise NotImplementedError

    def _lees_veel(self, personen: list[str]) -> dict[str, bytes]:
        return {p: s for p in personen if (s := self._lees(p)) is not None}

    def _maak_veel(self, nieuw: dict[str, bytes]) -> dict[str, bytes]:
        """Stores the new keys unless another writer was first; returns the keys that hold."""
        return {p: self._maak(p, s) for p, s in nieuw.items()}


class SqliteKluis(Kluis):
    def __init__(self, pad: Path) -> None:
        super().__init__()
        pad.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(pad, check_same_thread=False, isolation_level=None)
        self._con.execute("CREATE TABLE IF NOT EXISTS persoonssleutels (persoon TEXT PRIMARY KEY, sleutel BLOB NOT NULL)")

    def _lees(self, persoon: str) -> bytes | None:
        rij = self._con.execute("SELECT sleutel FROM persoonssleutels WHERE persoon = ?", (persoon,)).fetchone()
        return bytes(rij[0]) if rij else None

    def _maak(self, persoon: str, sleutel: bytes) -> bytes:
        self._con.execute("INSERT OR IGNORE INTO persoonssleutels VALUES (?, ?)", (persoon, sleutel))
        return self._lees(persoon) or sleutel

    def _verwijder(self, persoon: str) -> bool:
        return self._con.execute("DELETE FROM persoonssleutels WHERE persoon = ?", (persoon,)).rowcount > 0

    def _lees_veel(self, personen: list[str]) -> dict[str, bytes]:
        uit: dict[str, bytes] = {}
        for begin in range(0, len(personen), 500):  # SQLite's limit on parameters
            deel = personen[begin : begin + 500]
            sql = f"SELECT persoon, sleutel FROM persoonssleutels WHERE persoon IN ({','.join('?' * len(deel))})"
            uit |= {str(r[0]): bytes(r[1]) for r in self._con.execute(sql, deel)}
        return uit

    def _maak_veel(self, nieuw: dict[str, bytes]) -> dict[str, bytes]:
        self._con.execute("BEGIN")
        try:
            self._con.executemany("INSERT OR IGNORE INTO persoonssleutels VALUES (?, ?)", list(nieuw.items()))
            self._con.execute("COMMIT")
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        return self._lees_veel(list(nieuw))

    def sluit(self) -> None:
        self._con.close()


class PostgresKluis(Kluis):
    """One kept connection, renewed when the database went away (a restart must not stop the service)."""

    def __init__(self, database_url: str) -> None:
        super().__init__()
        self._url = database_url
        self._con: Any = None
        self._voer_uit("CREATE TABLE IF NOT EXISTS persoonssleutels (persoon TEXT PRIMARY KEY, sleutel BYTEA NOT NULL)", ())

    def _voer_uit(self, sql: str, args: tuple[Any, ...]) -> Any:
        import psycopg

        for poging in (1, 2):
            try:
                if self._con is None or self._con.closed:
                    self._con = psycopg.connect(self._url, autocommit=True)
                return self._con.execute(sql, args)
            except psycopg.OperationalError:
                self._con = None
                if poging == 2:
                    raise
        raise AssertionError("unreachable")

    def _lees(self, persoon: str) -> bytes | None:
        rij = self._voer_uit("SELECT sleutel FROM persoonssleutels WHERE persoon = %s", (persoon,)).fetchone()
        return bytes(rij[0]) if rij else None

    def _maak(self, persoon: str, sleutel: bytes) -> bytes:
        self._voer_uit("INSERT INTO persoonssleutels VALUES (%s, %s) ON CONFLICT DO NOTHING", (persoon, sleutel))
        return self._lees(persoon) or sleutel

    def _verwijder(self, persoon: str) -> bool:
        return bool(self._voer_uit("DELETE FROM persoonssleutels WHERE persoon = %s", (persoon,)).rowcount > 0)

    def _lees_veel(self, personen: list[str]) -> dict[str, bytes]:
        rijen = self._voer_uit("SELECT persoon, sleutel FROM persoonssleutels WHERE persoon = ANY(%s)", (personen,)).fetchall()
        return {str(r[0]): bytes(r[1]) for r in rijen}

    def _maak_veel(self, nieuw: dict[str, bytes]) -> dict[str, bytes]:
        self._voer_uit(
            "INSERT INTO persoonssleutels SELECT * FROM unnest(%s::text[], %s::bytea[]) ON CONFLICT DO NOTHING",
            (list(nieuw), list(nieuw.values())),
        )
        return self._lees_veel(list(nieuw))

    def sluit(self) -> None:
        if self._con is not None:
            self._con.close()


def versleutel(bericht: dict[str, Any], kluis: Kluis) -> dict[str, Any]:
    """A copy of a contract event with its personal fields encrypted under the person's key."""
    payload = bericht.get("payload")
    if not isinstance(payload, dict) or not any(v in payload for v in PERSOONLIJKE_VELDEN) or not bericht.get("case_id"):
        return bericht
    persoon = str(bericht["case_id"])
    sleutel = kluis.sleutel(persoon, maak=True)
    assert sleutel is not None
    nieuw = dict(payload)
    for veld in PERSOONLIJKE_VELDEN:
        if veld in nieuw and nieuw[veld] is not None and not str(nieuw[veld]).startswith(VOORVOEGSEL) and nieuw[veld] != GEWIST:
            nonce = os.urandom(12)
            geheim = AESGCM(sleutel).encrypt(nonce, str(nieuw[veld]).encode(), f"{persoon}|{veld}".encode())
            nieuw[veld] = VOORVOEGSEL + base64.b64encode(nonce + geheim).decode()
    return {**bericht, "payload": nieuw}


def ontsleutel(bericht: dict[str, Any], kluis: Kluis) -> None:
    """In place: personal fields decrypted, or marked erased when the person's key is gone."""
    payload = bericht.get("payload")
    if not isinstance(payload, dict):
        return
    persoon = str(bericht.get("case_id"))
    for veld in PERSOONLIJKE_VELDEN:
        waarde = payload.get(veld)
        if not (isinstance(waarde, str) and waarde.startswith(VOORVOEGSEL)):
            continue
        sleutel = kluis.sleutel(persoon, maak=False)
        if sleutel is None:
            payload[veld] = GEWIST if veld == "bsn" else None
            continue
        ruw = base64.b64decode(waarde[len(VOORVOEGSEL) :])
        payload[veld] = AESGCM(sleutel).decrypt(ruw[:12], ruw[12:], f"{persoon}|{veld}".encode()).decode()


class PersoonsgegevensMapper(Mapper[Any]):
    """The event store's mapper, with personal fields encrypted per person on the way in and decrypted
    (or read as erased) on the way out. `kluis` is set by the application after construction."""

    kluis: Kluis

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        bericht = getattr(domain_event, "bericht", None)
        if isinstance(bericht, dict) and getattr(self, "kluis", None) is not None:
            versleuteld = versleutel(bericht, self.kluis)
            if versleuteld is not bericht:
                object.__setattr__(domain_event, "bericht", versleuteld)
                try:
                    return super().to_stored_event(domain_event)
                finally:
                    object.__setattr__(domain_event, "bericht", bericht)
        return super().to_stored_event(domain_event)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        event = super().to_domain_event(stored_event)
        bericht = getattr(event, "bericht", None)
        if isinstance(bericht, dict) and getattr(self, "kluis", None) is not None:
            ontsleutel(bericht, self.kluis)
        return event
