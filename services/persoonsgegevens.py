"""Personal data encrypted per person, so that erasing one key makes that person unreadable everywhere.

The BSN, the birth date and the free-text fields (reden, grondslag, indicatiebesluit_id) of every stored
event - inbound or a decision that copies them - are encrypted (AES-GCM) with a key of their own per
person (per case). So is the raw value of a dead letter or a rejected line that names a person's BSN. The
keys live in a key store of their own (`persoonssleutels`, a SQLite file beside the embedded store or a
PostgreSQL database apart from the events), so that deleting a key does not leave it in the event
store's heap, WAL or backups. `wlz erase` records the erasure on the case first and then deletes the key
and leaves a tombstone: the stored events keep their place and order, budgets and ledgers stay correct
and replayable (none of those carry personal data), the personal fields read back as erased, and no key
is ever made again for that person (a later message for them is refused, never stored).

Reading never fails: a field whose key is gone, or that does not decrypt, reads as erased.

This works in the mapper of the event store (between the aggregate and the bytes), so the domain stays
pure and every reader - replay, audit, feeds - sees the same thing. With `WLZ_CIPHER_KEY` the whole
event is encrypted as well; the key store keeps a fingerprint of that key to refuse a wrong one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import re
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import Mapper, StoredEvent

from events.bsn import GEWIST, elfproef
from services.fouten import InstellingFout

log = logging.getLogger(__name__)

VOORVOEGSEL = "pg:v1:"
PERSOONLIJKE_VELDEN = ("bsn", "geboortedatum", "iwlz_client")  # iwlz_client: name and address from an IO31
VRIJE_TEKST = ("reden", "grondslag", "indicatiebesluit_id")
BESCHERMDE_VELDEN = PERSOONLIJKE_VELDEN + VRIJE_TEKST
ONBESCHERMD = frozenset({"PersoonsgegevensGewist"})  # the erasure's own record stays readable (its reden is the operator's)
GEWIST_REDEN = "persoonsgegevens gewist (art. 17 AVG)"
GEWIST_SOORT = "gewist"
"""The reason a message for an erased person is refused (dead letter or rejected line)."""


class PersoonGewist(Exception):
    """The person's personal data was erased: nothing may be stored for them and no key made again."""

    def __init__(self, persoon: str) -> None:
        super().__init__(GEWIST_REDEN)
        self.persoon = persoon


def alleen_eigenaar(pad: Path) -> None:
    """A file with personal data (even encrypted) readable and writable by its owner only (0600), with
    the journal files SQLite keeps beside it."""
    for bestand in (pad, pad.with_name(pad.name + "-wal"), pad.with_name(pad.name + "-shm"), pad.with_name(pad.name + "-journal")):
        if bestand.exists():
            os.chmod(bestand, 0o600)


def _gewiste_waarde(veld: str) -> str | None:
    return None if veld in ("geboortedatum", "iwlz_client") else GEWIST


class Kluis:
    """The key store: one random AES-256 key per person, created on first use; on erasure the key is
    deleted and a tombstone kept, in one transaction, so a key is never made again for that person.

    Keys are cached for `BEWAARTIJD` seconds only: an erasure by another process (`wlz erase` beside
    `wlz serve`) takes effect here within that time, and at once for decisions (the case records it).
    """

    BEWAARTIJD = 30.0

    def __init__(self) -> None:
        # person -> (key, cipher, valid until), in order of expiry (`_bewaar`)
        self._sleutels: OrderedDict[str, tuple[bytes, AESGCM, float]] = OrderedDict()
        self._slot = threading.Lock()

    # --- what the mapper and the application use -------------------------------------------------

    def sleutel(self, persoon: str, maak: bool) -> bytes | None:
        """The person's key; None when there is none (never made, or erased). With `maak`, a missing
        key is made - unless the person was erased: then PersoonGewist."""
        bewaard = self._bewaard(persoon, maak)
        return None if bewaard is None else bewaard[0]

    def aead(self, persoon: str, maak: bool) -> AESGCM | None:
        """The person's cipher (AES-GCM under their key), as `sleutel`."""
        bewaard = self._bewaard(persoon, maak)
        return None if bewaard is None else bewaard[1]

    def _bewaard(self, persoon: str, maak: bool) -> tuple[bytes, AESGCM, float] | None:
        nu = time.monotonic()
        bewaard = self._sleutels.get(persoon)
        if bewaard is not None and bewaard[2] > nu:
            return bewaard
        with self._slot:
            ruw, gewist = self._maak(persoon, AESGCM.generate_key(bit_length=256)) if maak else self._status(persoon)
            if gewist:
                self._sleutels.pop(persoon, None)
                if ruw is not None:  # made in a race with the erasure: it goes too
                    self._wis(persoon, datetime.now(UTC).isoformat())
                if maak:
                    raise PersoonGewist(persoon)
                return None
            if ruw is None:
                return None
            return self._bewaar(persoon, ruw, nu)

    def bereid_voor(self, personen: Iterable[str]) -> None:
        """The keys of a batch's persons at once: one write for the missing ones and one read (instead of
        a round trip per new person when each event is encrypted). Erased persons get none: for them the
        mapper's own request refuses (PersoonGewist)."""
        nu = time.monotonic()
        nodig = [p for p in set(personen) if (b := self._sleutels.get(p)) is None or b[2] <= nu]
        if not nodig:
            return
        with self._slot:
            gevonden = self._maak_veel({p: AESGCM.generate_key(bit_length=256) for p in nodig})
            for persoon, ruw in gevonden.items():
                self._bewaar(persoon, ruw, nu)

    def lees_voor(self, personen: Iterable[str]) -> None:
        """The keys of a batch's existing cases at once, before their events are decrypted: one read,
        nothing made. Keys are cached for BEWAARTIJD only, so on a store where a client's next message
        comes minutes after the last (the national run) every case read cost a round trip of its own
        (5,8 % of the decision path's samples, py-spy under bench/decide.py with 100.000 events). Erased persons and persons
        without a key are not cached: decrypting their fields asks the store as before."""
        nu = time.monotonic()
        nodig = [p for p in set(personen) if (b := self._sleutels.get(p)) is None or b[2] <= nu]
        if not nodig:
            return
        with self._slot:
            for persoon, ruw in self._lees_veel(nodig).items():
                self._bewaar(persoon, ruw, nu)

    def _bewaar(self, persoon: str, ruw: bytes, nu: float) -> tuple[bytes, AESGCM, float]:
        """Caches a key read or made at `nu` (under `_slot`), and drops the keys whose time has passed.

        Before, a key past its time stayed in the cache until its person came again: a process kept a
        key and a cipher object for every person it had seen since its start, a national population's in
        the end, and the garbage collector scanned them all at every full collection (under
        `bench/ingest.py`, 15.000 ciphers after 30 s at 500 events/s, and growing). Each key is put
        at the end, so the cache is in order of expiry and the oldest are dropped from the front."""
        bewaard = self._sleutels[persoon] = (ruw, AESGCM(ruw), nu + self.BEWAARTIJD)
        self._sleutels.move_to_end(persoon)
        while self._sleutels:
            oudste, (_, _, tot) = next(iter(self._sleutels.items()))
            if tot > nu:
                break
            del self._sleutels[oudste]
        return bewaard

    def gewist(self, persoon: str) -> bool:
        """Whether the person was erased (a tombstone exists). A key in the cache means: not erased
        when it was read (at most BEWAARTIJD ago)."""
        bewaard = self._sleutels.get(persoon)
        if bewaard is not None and bewaard[2] > time.monotonic():
            return False
        with self._slot:
            return self._status(persoon)[1]

    def heeft_sleutel(self, persoon: str) -> bool:
        with self._slot:
            ruw, gewist = self._status(persoon)
        return ruw is not None and not gewist

    def wis(self, persoon: str) -> bool:
        """Deletes the person's key and keeps a tombstone (one transaction; safe to repeat). True when a
        key was deleted now."""
        with self._slot:
            self._sleutels.pop(persoon, None)
            return self._wis(persoon, datetime.now(UTC).isoformat())

    def begin_wissing(self, persoon: str, reden: str, datum: str) -> None:
        """Marks an erasure as begun, before its event is recorded; `wis` removes the mark with the key
        (one transaction). A mark left behind is an erasure cut off by a stop: `lopende_wissingen` finds
        it at the next start (services/application.py, `WlzService.rond_wissingen_af`)."""
        with self._slot:
            self._begin_wissing(persoon, reden, datum, datetime.now(UTC).isoformat())

    def lopende_wissingen(self) -> list[tuple[str, str, str]]:
        """(person, reason, date) of every erasure begun whose key is not yet deleted: one query."""
        with self._slot:
            return self._lopende_wissingen()

    def vergeet_wissing(self, persoon: str) -> None:
        """Drops the mark of an erasure that has nothing left to erase."""
        with self._slot:
            self._vergeet_wissing(persoon)

    def meta(self, naam: str) -> str | None:
        with self._slot:
            return self._lees_meta(naam)

    def zet_meta(self, naam: str, waarde: str) -> None:
        with self._slot:
            self._zet_meta(naam, waarde)

    def leeg(self) -> bool:
        """No key and no tombstone at all (a key store that never served this event store)."""
        with self._slot:
            return self._leeg()

    def sluit(self) -> None:
        return None

    # --- per backend ---------------------------------------------------------------------------------

    def _status(self, persoon: str) -> tuple[bytes | None, bool]:
        raise NotImplementedError

    def _maak(self, persoon: str, sleutel: bytes) -> tuple[bytes | None, bool]:
        """Stores `sleutel` unless the person has a key or a tombstone; (the person's key, erased)."""
        raise NotImplementedError

    def _wis(self, persoon: str, tijdstip: str) -> bool:
        raise NotImplementedError

    def _maak_veel(self, nieuw: dict[str, bytes]) -> dict[str, bytes]:
        """Stores the new keys of persons without a key or a tombstone; returns every key that holds
        for these persons (erased ones left out)."""
        raise NotImplementedError

    def _lees_veel(self, personen: list[str]) -> dict[str, bytes]:
        """The keys of those persons who have one and no tombstone."""
        raise NotImplementedError

    def _begin_wissing(self, persoon: str, reden: str, datum: str, tijdstip: str) -> None:
        raise NotImplementedError

    def _lopende_wissingen(self) -> list[tuple[str, str, str]]:
        raise NotImplementedError

    def _vergeet_wissing(self, persoon: str) -> None:
        raise NotImplementedError

    def _lees_meta(self, naam: str) -> str | None:
        raise NotImplementedError

    def _zet_meta(self, naam: str, waarde: str) -> None:
        raise NotImplementedError

    def _leeg(self) -> bool:
        raise NotImplementedError


TABELLEN = (
    "CREATE TABLE IF NOT EXISTS persoonssleutels (persoon TEXT PRIMARY KEY, sleutel {blob} NOT NULL)",
    "CREATE TABLE IF NOT EXISTS gewiste_personen (persoon TEXT PRIMARY KEY, gewist_op TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS kluis_meta (naam TEXT PRIMARY KEY, waarde TEXT NOT NULL)",
    # erasures begun (the operator's reason and date, no personal data) until their key is deleted
    "CREATE TABLE IF NOT EXISTS lopende_wissingen (persoon TEXT PRIMARY KEY, reden TEXT NOT NULL, datum TEXT NOT NULL,"
    " begonnen_op TEXT NOT NULL)",
)
_LOPEND = "SELECT persoon, reden, datum FROM lopende_wissingen ORDER BY begonnen_op"
_STATUS = "SELECT (SELECT sleutel FROM persoonssleutels WHERE persoon = {p}), EXISTS (SELECT 1 FROM gewiste_personen WHERE persoon = {p})"
_MAAK = (
    "WITH nieuw AS (INSERT INTO persoonssleutels SELECT %(p)s, %(k)s"
    " WHERE NOT EXISTS (SELECT 1 FROM gewiste_personen WHERE persoon = %(p)s) ON CONFLICT DO NOTHING RETURNING sleutel)"
    " SELECT (SELECT sleutel FROM nieuw), (SELECT sleutel FROM persoonssleutels WHERE persoon = %(p)s),"
    " EXISTS (SELECT 1 FROM gewiste_personen WHERE persoon = %(p)s)"
)

_LEES_VEEL = (
    "SELECT persoon, sleutel FROM persoonssleutels s WHERE persoon = ANY(%s)"
    " AND NOT EXISTS (SELECT 1 FROM gewiste_personen g WHERE g.persoon = s.persoon)"
)

_MAAK_VEEL = (
    "WITH nieuw AS (INSERT INTO persoonssleutels SELECT n.p, n.k FROM unnest(%s::text[], %s::bytea[]) AS n(p, k)"
    " WHERE NOT EXISTS (SELECT 1 FROM gewiste_personen g WHERE g.persoon = n.p) ON CONFLICT DO NOTHING RETURNING persoon, sleutel)"
    " SELECT persoon, sleutel FROM nieuw UNION ALL " + _LEES_VEEL
)


class SqliteKluis(Kluis):
    """The embedded key store: its own SQLite file (mode 0600) with `secure_delete` on, so a deleted key's
    bytes are overwritten with zeros in the file, and a rollback journal that is deleted after each
    transaction (no write-ahead log that would keep old pages)."""

    def __init__(self, pad: Path) -> None:
        super().__init__()
        pad.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(pad, check_same_thread=False, isolation_level=None)
        alleen_eigenaar(pad)
        self._con.execute("PRAGMA secure_delete = ON")
        self._con.execute("PRAGMA journal_mode = DELETE")
        for tabel in TABELLEN:
            self._con.execute(tabel.format(blob="BLOB"))

    def secure_delete(self) -> bool:
        return bool(self._con.execute("PRAGMA secure_delete").fetchone()[0])

    @contextmanager
    def _transactie(self) -> Iterator[sqlite3.Connection]:
        self._con.execute("BEGIN IMMEDIATE")
        try:
            yield self._con
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        self._con.execute("COMMIT")

    def _status(self, persoon: str) -> tuple[bytes | None, bool]:
        sleutel, gewist = self._con.execute(_STATUS.format(p="?1"), (persoon,)).fetchone()
        return (None if sleutel is None else bytes(sleutel)), bool(gewist)

    def _maak(self, persoon: str, sleutel: bytes) -> tuple[bytes | None, bool]:
        with self._transactie() as con:
            bestaand, gewist = self._status(persoon)
            if gewist or bestaand is not None:
                return bestaand, gewist
            con.execute("INSERT INTO persoonssleutels VALUES (?, ?)", (persoon, sleutel))
            return sleutel, False

    def _maak_veel(self, nieuw: dict[str, bytes]) -> dict[str, bytes]:
        with self._transactie() as con:
            con.executemany(
                "INSERT OR IGNORE INTO persoonssleutels SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM gewiste_personen WHERE persoon = ?1)",
                list(nieuw.items()),
            )
            return self._lees_veel(list(nieuw))

    def _lees_veel(self, personen: list[str]) -> dict[str, bytes]:
        uit: dict[str, bytes] = {}
        for begin in range(0, len(personen), 500):  # SQLite's limit on parameters
            deel = personen[begin : begin + 500]
            sql = (
                f"SELECT persoon, sleutel FROM persoonssleutels WHERE persoon IN ({','.join('?' * len(deel))})"
                " AND persoon NOT IN (SELECT persoon FROM gewiste_personen)"
            )
            uit |= {str(r[0]): bytes(r[1]) for r in self._con.execute(sql, deel)}
        return uit

    def _wis(self, persoon: str, tijdstip: str) -> bool:
        with self._transactie() as con:
            con.execute("INSERT OR IGNORE INTO gewiste_personen VALUES (?, ?)", (persoon, tijdstip))
            con.execute("DELETE FROM lopende_wissingen WHERE persoon = ?", (persoon,))
            return con.execute("DELETE FROM persoonssleutels WHERE persoon = ?", (persoon,)).rowcount > 0

    def _begin_wissing(self, persoon: str, reden: str, datum: str, tijdstip: str) -> None:
        self._con.execute("INSERT OR IGNORE INTO lopende_wissingen VALUES (?, ?, ?, ?)", (persoon, reden, datum, tijdstip))

    def _lopende_wissingen(self) -> list[tuple[str, str, str]]:
        return [(str(p), str(r), str(d)) for p, r, d in self._con.execute(_LOPEND)]

    def _vergeet_wissing(self, persoon: str) -> None:
        self._con.execute("DELETE FROM lopende_wissingen WHERE persoon = ?", (persoon,))

    def _lees_meta(self, naam: str) -> str | None:
        rij = self._con.execute("SELECT waarde FROM kluis_meta WHERE naam = ?", (naam,)).fetchone()
        return None if rij is None else str(rij[0])

    def _zet_meta(self, naam: str, waarde: str) -> None:
        self._con.execute("INSERT OR REPLACE INTO kluis_meta VALUES (?, ?)", (naam, waarde))

    def _leeg(self) -> bool:
        rij = self._con.execute("SELECT EXISTS (SELECT 1 FROM persoonssleutels) OR EXISTS (SELECT 1 FROM gewiste_personen)").fetchone()
        return not rij[0]

    def sluit(self) -> None:
        self._con.close()


class PostgresKluis(Kluis):
    """The production key store: a PostgreSQL database apart from the events (`WLZ_KEYSTORE_URL`), so
    its WAL and backups can be kept short while the event store's are kept long. One kept connection,
    renewed when the database went away (a restart must not stop the service). A key made in a race
    with an erasure is deleted as soon as it is seen beside the tombstone. `maak_database`: create the
    database when it does not exist (the default key store)."""

    def __init__(self, database_url: str, maak_database: bool = False) -> None:
        super().__init__()
        self._url = database_url
        self._con: Any = None
        self._zorg_voor_database(maak_database)
        for tabel in TABELLEN:
            sql_tekst = tabel.format(blob="BYTEA")
            self._voer_uit(lambda con, t=sql_tekst: con.execute(t))  # type: ignore[misc]

    def _zorg_voor_database(self, maak: bool) -> None:
        """A missing key-store database is made when it is the default one, else a bad setting."""
        from urllib.parse import urlparse

        import psycopg
        from psycopg import sql

        try:
            psycopg.connect(self._url, autocommit=True).close()
            return
        except psycopg.OperationalError as fout:
            if "does not exist" not in str(fout):
                raise
            if not maak:
                raise InstellingFout("WLZ_KEYSTORE_URL", "de database van de sleutelstore bestaat niet") from None
        url = urlparse(self._url)
        beheer = url._replace(path="/postgres").geturl()
        try:
            with psycopg.connect(beheer, autocommit=True) as con, suppress(psycopg.errors.DuplicateDatabase):
                con.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(url.path.lstrip("/"))))
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ProgrammingError):
            raise InstellingFout(
                "WLZ_KEYSTORE_URL", "de sleutelstore-database bestaat niet en mag niet worden aangemaakt: maak hem aan of zet de URL"
            ) from None

    def _voer_uit(self, werk: Callable[[Any], Any]) -> Any:
        import psycopg

        for poging in (1, 2):
            try:
                if self._con is None or self._con.closed:
                    self._con = psycopg.connect(self._url, autocommit=True)
                return werk(self._con)
            except psycopg.OperationalError:
                self._con = None
                if poging == 2:
                    raise
        raise AssertionError("unreachable")

    def _status(self, persoon: str) -> tuple[bytes | None, bool]:
        sleutel, gewist = self._voer_uit(lambda con: con.execute(_STATUS.format(p="%(p)s"), {"p": persoon}).fetchone())
        return (None if sleutel is None else bytes(sleutel)), bool(gewist)

    def _maak(self, persoon: str, sleutel: bytes) -> tuple[bytes | None, bool]:
        """One round trip: the key inserted unless the person has one or a tombstone. A key made while an
        erasure commits is deleted by `Kluis.sleutel`, which sees both."""
        rij = self._voer_uit(lambda con: con.execute(_MAAK, {"p": persoon, "k": sleutel}).fetchone())
        nieuw, bestaand, gewist = rij
        ruw = nieuw if nieuw is not None else bestaand
        return (None if ruw is None else bytes(ruw)), bool(gewist)

    def _maak_veel(self, nieuw: dict[str, bytes]) -> dict[str, bytes]:
        """One round trip (it was two: the insert, then the read): the keys inserted, returned by the
        insert, and the keys there were, read in the statement's snapshot. A key another process inserted
        after that snapshot is in neither; its person is then not cached, and the mapper's own request
        for the key (`Kluis.aead`) finds it."""
        personen = list(nieuw)
        rijen = self._voer_uit(lambda con: con.execute(_MAAK_VEEL, (personen, list(nieuw.values()), personen)).fetchall())
        return {str(r[0]): bytes(r[1]) for r in rijen}

    def _lees_veel(self, personen: list[str]) -> dict[str, bytes]:
        return {str(r[0]): bytes(r[1]) for r in self._voer_uit(lambda con: con.execute(_LEES_VEEL, (personen,)).fetchall())}

    def _wis(self, persoon: str, tijdstip: str) -> bool:
        def werk(con: Any) -> bool:
            with con.transaction():
                con.execute("INSERT INTO gewiste_personen VALUES (%s, %s) ON CONFLICT DO NOTHING", (persoon, tijdstip))
                con.execute("DELETE FROM lopende_wissingen WHERE persoon = %s", (persoon,))
                return bool(con.execute("DELETE FROM persoonssleutels WHERE persoon = %s", (persoon,)).rowcount > 0)

        return bool(self._voer_uit(werk))

    def _begin_wissing(self, persoon: str, reden: str, datum: str, tijdstip: str) -> None:
        self._voer_uit(
            lambda con: con.execute(
                "INSERT INTO lopende_wissingen VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING", (persoon, reden, datum, tijdstip)
            )
        )

    def _lopende_wissingen(self) -> list[tuple[str, str, str]]:
        return [(str(p), str(r), str(d)) for p, r, d in self._voer_uit(lambda con: con.execute(_LOPEND).fetchall())]

    def _vergeet_wissing(self, persoon: str) -> None:
        self._voer_uit(lambda con: con.execute("DELETE FROM lopende_wissingen WHERE persoon = %s", (persoon,)))

    def _lees_meta(self, naam: str) -> str | None:
        rij = self._voer_uit(lambda con: con.execute("SELECT waarde FROM kluis_meta WHERE naam = %s", (naam,)).fetchone())
        return None if rij is None else str(rij[0])

    def _zet_meta(self, naam: str, waarde: str) -> None:
        self._voer_uit(
            lambda con: con.execute(
                "INSERT INTO kluis_meta VALUES (%s, %s) ON CONFLICT (naam) DO UPDATE SET waarde = EXCLUDED.waarde", (naam, waarde)
            )
        )

    def _leeg(self) -> bool:
        rij = self._voer_uit(
            lambda con: con.execute("SELECT EXISTS (SELECT 1 FROM persoonssleutels) OR EXISTS (SELECT 1 FROM gewiste_personen)").fetchone()
        )
        return not rij[0]

    def sluit(self) -> None:
        if self._con is not None:
            self._con.close()


# --- fields of contract events ---------------------------------------------------------------------


def versleutel(bericht: dict[str, Any], kluis: Kluis) -> dict[str, Any]:
    """A copy of a contract event with its protected fields encrypted under the person's key.
    Raises PersoonGewist for an erased person (the caller refuses the message; nothing is stored)."""
    payload = bericht.get("payload")
    if not isinstance(payload, dict) or bericht.get("event_type") in ONBESCHERMD or not bericht.get("case_id"):
        return bericht
    # most stored events (decisions) carry none of the fields: a plain loop, where py-spy put 3 % of
    # bench/decide.py's samples on a generator under `any` (the whole run's gain is within its spread)
    for veld in BESCHERMDE_VELDEN:
        waarde = payload.get(veld)
        if isinstance(waarde, str) and not waarde.startswith(VOORVOEGSEL):
            break
    else:
        return bericht
    persoon = str(bericht["case_id"])
    sleutel = kluis.aead(persoon, maak=True)
    assert sleutel is not None
    nieuw = dict(payload)
    for veld in BESCHERMDE_VELDEN:
        waarde = nieuw.get(veld)
        if isinstance(waarde, str) and not waarde.startswith(VOORVOEGSEL):
            nonce = os.urandom(12)
            geheim = sleutel.encrypt(nonce, waarde.encode(), f"{persoon}|{veld}".encode())
            nieuw[veld] = VOORVOEGSEL + base64.b64encode(nonce + geheim).decode()
    return {**bericht, "payload": nieuw}


def ontsleutel(bericht: dict[str, Any], kluis: Kluis) -> None:
    """In place: protected fields decrypted, or read as erased when the person's key is gone or the
    field does not decrypt (reading never fails)."""
    payload = bericht.get("payload")
    if not isinstance(payload, dict):
        return
    persoon = str(bericht.get("case_id"))
    for veld in BESCHERMDE_VELDEN:
        waarde = payload.get(veld)
        if not (isinstance(waarde, str) and waarde.startswith(VOORVOEGSEL)):
            continue
        sleutel = kluis.aead(persoon, maak=False)
        try:
            if sleutel is None:
                raise InvalidTag
            ruw = base64.b64decode(waarde[len(VOORVOEGSEL) :], validate=True)
            payload[veld] = sleutel.decrypt(ruw[:12], ruw[12:], f"{persoon}|{veld}".encode()).decode()
        except (InvalidTag, ValueError, binascii.Error):
            if sleutel is not None:
                log.warning("a protected field of case %s does not decrypt; read as erased", persoon)
            payload[veld] = _gewiste_waarde(veld)


# --- raw messages (dead letters, rejected lines) ---------------------------------------------------

_BSN_KANDIDAAT = re.compile(rb"(?<![0-9])[0-9](?:[ .\-]?[0-9]){8}(?![0-9])")
_ENVELOP = ("event_id", "event_type", "schema_version", "occurred_at")


def bsns_in(ruw: bytes) -> list[str]:
    """Every number in a raw message that passes the elfproef (also written with spaces, dots or dashes),
    in order of appearance, each once: the persons the message may be about."""
    gevonden: list[str] = []
    for kandidaat in _BSN_KANDIDAAT.finditer(ruw):
        nummer = re.sub(rb"[ .\-]", b"", kandidaat.group()).decode()
        if elfproef(nummer) and nummer not in gevonden:
            gevonden.append(nummer)
    return gevonden


def redigeer(ruw: bytes) -> bytes:
    """What is kept of a message about an erased person: its envelope (id, type, version, time) when
    it is JSON, nothing else."""
    try:
        gelezen = json.loads(ruw)
    except ValueError:
        return b""
    if not isinstance(gelezen, dict):
        return b""
    kern = {k: gelezen[k] for k in _ENVELOP if isinstance(gelezen.get(k), str | int) and not bsns_in(str(gelezen[k]).encode())}
    return json.dumps(kern, ensure_ascii=False).encode()


def bescherm_ruw(ruw: bytes, personen: list[str], kluis: Kluis) -> str:
    """A raw message encrypted under the key of every person it names, one layer per person (erasing
    any one of them makes it unreadable). Raises PersoonGewist when one of them is erased."""
    data = ruw
    for persoon in personen:
        sleutel = kluis.aead(persoon, maak=True)
        assert sleutel is not None
        nonce = os.urandom(12)
        data = nonce + sleutel.encrypt(nonce, data, f"{persoon}|ruw".encode())
    return VOORVOEGSEL + base64.b64encode(data).decode()


def lees_ruw(beschermd: str, personen: list[str], kluis: Kluis) -> bytes | None:
    """The raw message back, or None when a person's key is gone (erased) or it does not decrypt."""
    if not beschermd.startswith(VOORVOEGSEL):
        return beschermd.encode()
    try:
        data = base64.b64decode(beschermd[len(VOORVOEGSEL) :], validate=True)
        for persoon in reversed(personen):
            sleutel = kluis.aead(persoon, maak=False)
            if sleutel is None:
                return None
            data = sleutel.decrypt(data[:12], data[12:], f"{persoon}|ruw".encode())
    except (InvalidTag, ValueError, binascii.Error):
        return None
    return data


def bescherm_bericht(ruw: bytes, persoon_van: Callable[[str], str], kluis: Kluis) -> tuple[str, list[str], bool]:
    """A raw message as it may be kept: (text, persons it is encrypted for, whether it was redacted).
    No BSN in it: the text itself. BSNs of persons: encrypted under their keys. A BSN of an erased
    person: only the envelope is kept (never a new key for them)."""
    personen = [persoon_van(bsn) for bsn in bsns_in(ruw)]
    if not personen:
        return ruw.decode("utf-8", errors="replace"), [], False
    try:
        return bescherm_ruw(ruw, personen, kluis), personen, False
    except PersoonGewist:
        return redigeer(ruw).decode(), [], True


# --- the key of the whole store (WLZ_CIPHER_KEY) ---------------------------------------------------

CIPHER_META = "cipher_key_vingerafdruk"
ONVERSLEUTELD = "onversleuteld"


def vingerafdruk(cipher_key: str | None) -> str:
    """A fingerprint of WLZ_CIPHER_KEY that does not reveal it: HMAC-SHA256 of a constant under the key."""
    if cipher_key is None:
        return ONVERSLEUTELD
    try:
        lengte = len(base64.b64decode(cipher_key, validate=True))
    except (ValueError, binascii.Error):
        lengte = 0
    if lengte not in (16, 24, 32):
        raise InstellingFout("WLZ_CIPHER_KEY", "geen base64 AES-sleutel van 16, 24 of 32 bytes (`wlz sleutel` maakt er een)")
    return "hmac-sha256:" + hmac.new(cipher_key.encode(), b"wlz:cipher-key:v1", hashlib.sha256).hexdigest()[:32]


def controleer_cipher_sleutel(kluis: Kluis, cipher_key: str | None, eerste_leesbaar: Callable[[], bool | None]) -> None:
    """Refuses a WLZ_CIPHER_KEY that is wrong or missing for this store, before anything is written.

    The key store keeps the fingerprint of the key the store was first used with. A store from before
    the fingerprint: `eerste_leesbaar()` says whether its first event reads with this key (None: the
    store is empty), and the fingerprint is recorded once it does.
    """
    gegeven = vingerafdruk(cipher_key)
    verwacht = kluis.meta(CIPHER_META)
    if verwacht is None:
        leesbaar = eerste_leesbaar()
        if leesbaar is False:
            raise _sleutelfout(cipher_key, None)
        if leesbaar is not None and kluis.leeg():
            raise InstellingFout(
                "WLZ_KEYSTORE_URL", "de sleutelstore is leeg maar de event store niet: niet de sleutelstore van deze store"
            )
        kluis.zet_meta(CIPHER_META, gegeven)
        return
    if verwacht != gegeven:
        raise _sleutelfout(cipher_key, verwacht)


def _sleutelfout(cipher_key: str | None, verwacht: str | None) -> InstellingFout:
    if cipher_key is None:
        return InstellingFout("WLZ_CIPHER_KEY", "ontbreekt: de store is versleuteld")
    if verwacht == ONVERSLEUTELD:
        return InstellingFout("WLZ_CIPHER_KEY", "de store is niet versleuteld; start zonder deze sleutel of met een nieuwe store")
    return InstellingFout("WLZ_CIPHER_KEY", "past niet bij de store (een andere sleutel dan bij het eerste gebruik)")


# --- the mapper ------------------------------------------------------------------------------------


class PersoonsgegevensMapper(Mapper[Any]):
    """The event store's mapper, with protected fields encrypted per person on the way in and decrypted
    (or read as erased) on the way out; likewise the raw value of a dead letter (`waarde`, for the
    `personen` it names). `kluis` is set by the application after construction."""

    kluis: Kluis

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        kluis = getattr(self, "kluis", None)
        if kluis is None:
            return super().to_stored_event(domain_event)
        bericht = getattr(domain_event, "bericht", None)
        if isinstance(bericht, dict):
            versleuteld = versleutel(bericht, kluis)
            if versleuteld is not bericht:
                return self._met(domain_event, "bericht", bericht, versleuteld)
        personen = getattr(domain_event, "personen", None)
        waarde = getattr(domain_event, "waarde", None)
        if personen and isinstance(waarde, str) and not waarde.startswith(VOORVOEGSEL):
            try:
                beschermd = bescherm_ruw(base64.b64decode(waarde), list(personen), kluis)
            except PersoonGewist:
                beschermd = base64.b64encode(redigeer(base64.b64decode(waarde))).decode()
            return self._met(domain_event, "waarde", waarde, beschermd)
        return super().to_stored_event(domain_event)

    def _met(self, domain_event: Any, veld: str, origineel: object, vervanging: object) -> StoredEvent:
        object.__setattr__(domain_event, veld, vervanging)
        try:
            return super().to_stored_event(domain_event)
        finally:
            object.__setattr__(domain_event, veld, origineel)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        event = super().to_domain_event(stored_event)
        kluis = getattr(self, "kluis", None)
        if kluis is None:
            return event
        bericht = getattr(event, "bericht", None)
        if isinstance(bericht, dict):
            ontsleutel(bericht, kluis)
            return event
        personen = getattr(event, "personen", None)
        waarde = getattr(event, "waarde", None)
        if personen and isinstance(waarde, str) and waarde.startswith(VOORVOEGSEL):
            ruw = lees_ruw(waarde, list(personen), kluis)
            object.__setattr__(event, "waarde", base64.b64encode(ruw or b"").decode())
        return event
