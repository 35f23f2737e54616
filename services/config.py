"""Settings from the environment (pydantic-settings), one place for every knob of the service.

WLZ_DATA_DIR          folder of the embedded SQLite stores (default ./wlz-data)
WLZ_PERSISTENCE       sqlite (embedded default) or postgres
DATABASE_URL          postgresql://user:password@host:port/dbname, for WLZ_PERSISTENCE=postgres
WLZ_CASE_ID_KEY       secret for deriving case ids from BSNs; the default is for development only
WLZ_PLAFOND_BELEID    at 100% of a regional PGB plafond: toestaan_met_waarschuwing (default) or weigeren
WLZ_PLAFOND_DREMPELS  thresholds of the plafond ledger's alerts, in percent (default 90,100)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal
from urllib.parse import ParseResult, parse_qsl, unquote, urlparse

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ONTWIKKELSLEUTEL = "wlz-ontwikkelsleutel-niet-voor-productie"


class Instellingen(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WLZ_", extra="ignore")

    data_dir: Path = Path("wlz-data")
    persistence: Literal["sqlite", "postgres"] = "sqlite"
    database_url: SecretStr | None = None
    case_id_key: SecretStr = SecretStr(ONTWIKKELSLEUTEL)
    plafond_beleid: Literal["toestaan_met_waarschuwing", "weigeren"] = "toestaan_met_waarschuwing"
    plafond_drempels: str = "90,100"
    aggregate_cache: int = 20_000  # cases kept in memory; fast-forwarded from the store on every read
    cipher_key: SecretStr | None = None  # base64 AES key: events and snapshots encrypted at rest (AES-GCM)

    @property
    def drempels(self) -> tuple[int, ...]:
        return tuple(sorted(int(d) for d in self.plafond_drempels.split(",") if d.strip()))

    def eventstore_env(self, applicatie: str) -> dict[str, str]:
        """The eventsourcing library's environment for one application.

        SQLite: one file per application, because the library gives every application the same table
        name in SQLite and two applications in one file would share it (TRAPS.md).
        """
        cache = {"AGGREGATE_CACHE_MAXSIZE": str(self.aggregate_cache)} if self.aggregate_cache else {}
        if self.cipher_key is not None:
            # the fast AES implementation (the `cryptography` package), see TRAPS.md
            cache |= {"CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher", "CIPHER_KEY": self.cipher_key.get_secret_value()}
        if self.persistence == "sqlite":
            self.data_dir.mkdir(parents=True, exist_ok=True)
            return {
                **cache,
                "PERSISTENCE_MODULE": "services.adapters.store.sqlite:Factory",
                "SQLITE_DBNAME": str(self.data_dir / f"{applicatie}.sqlite"),
                "SQLITE_LOCK_TIMEOUT": "10",
            }
        url = self._database_url()
        self._postgres_tls(url)
        return {
            **cache,
            "PERSISTENCE_MODULE": "services.adapters.store.postgres:Factory",
            "PERSOONSSLEUTELS_URL": self.database_url_tekst(),
            "POSTGRES_DBNAME": url.path.lstrip("/").split("?")[0],
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or ""),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "CREATE_TABLE": "y",
        }

    @staticmethod
    def _postgres_tls(url: ParseResult) -> None:
        """TLS for the event store: the library connects with libpq parameters, not the URL, so the URL's
        sslmode/sslrootcert/sslcert/sslkey are handed to libpq through its own environment variables
        (asyncpg and psycopg read them from the URL itself)."""
        for sleutel, waarde in parse_qsl(url.query):
            if sleutel in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
                os.environ.setdefault(f"PG{sleutel.upper()}", waarde)

    def database_url_tekst(self) -> str:
        waarde = self.database_url.get_secret_value() if self.database_url else os.environ.get("DATABASE_URL")
        if not waarde:
            raise ValueError("WLZ_PERSISTENCE=postgres vraagt DATABASE_URL (postgresql://user:password@host:port/db)")
        return waarde

    def _database_url(self) -> ParseResult:
        return urlparse(self.database_url_tekst())
