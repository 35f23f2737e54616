"""Settings from the environment (pydantic-settings): ONE class for every knob of the service, read
once by `services/bootstrap.py` and handed to what needs it. Nothing here writes the environment.

WLZ_DATA_DIR              folder of the embedded SQLite stores (default ./wlz-data)
WLZ_PERSISTENCE           sqlite (embedded default) or postgres
DATABASE_URL              postgresql://user:password@host:port/dbname[?sslmode=...], for WLZ_PERSISTENCE=postgres
WLZ_CASE_ID_KEY           secret for deriving case ids from BSNs; the default is for development only
WLZ_SIMULATIE_ZONDER_PLAFOND  simulation only (default false): PGBs not limited by the regional plafond; every
                          decision taken so says it is no decision under the law (art. 5.10 with Awb 4:25 lid 2)
WLZ_PLAFOND_DREMPELS      thresholds of the plafond ledger's alerts, in percent (default 90,100)
WLZ_AGGREGATE_CACHE       cases kept in memory between messages (default 20000)
WLZ_CIPHER_KEY            base64 AES key: every stored event encrypted at rest (its fingerprint checked at start)
WLZ_ONTWIKKELING          1: development; `wlz serve` then accepts the development key, no cipher key and
                          world-readable data files (services/startcontrole.py)
WLZ_KEYSTORE_URL          the per-person key store (postgres): default database <db>_sleutels on the same server
KAFKA_BOOTSTRAP_SERVERS   host:port[,host:port]                        (default 127.0.0.1:19092)
WLZ_TOPIC_PREFIX          prefix for every topic name, e.g. "test-1."   (default "")
WLZ_GROUP_ID              consumer group of the service                 (default wlz-service)
WLZ_TOPIC_PARTITIONS      partitions when the service creates a topic   (default 6)
WLZ_TOPIC_REPLICATION_FACTOR  replicas when the service creates a topic (default 1; 3 in production)
WLZ_HTTP_HOST, WLZ_HTTP_PORT  the health endpoint of `wlz serve`        (default 127.0.0.1, 8080)
WLZ_BATCH                 inbound records per batch                     (default 500)
WLZ_BATCH_TIMEOUT_MS      how long a poll for inbound records waits     (default 10)
WLZ_PUBLICEER_BATCH       stored notifications per publishing transaction (default 2000)
WLZ_LOG_FORMAT            json | text: the log lines of `wlz serve`      (default text; the image sets json)
WLZ_START_TIMEOUT         seconds `wlz serve` keeps trying to reach the broker and database at start (default 60)
WLZ_SESSION_TIMEOUT_MS, WLZ_HEARTBEAT_INTERVAL_MS  consumer group session (default 10000, 3000)
WLZ_LEIDER_INTERVAL       seconds between leader-lock checks            (default 1.0)
WLZ_CONTROLE_INTERVAL     seconds between checks of refused partitions  (default 5.0)
WLZ_BATCH_MARKER          file with the phase of the batch in flight    (default none)
WLZ_SECURITY_PROTOCOL     PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL    (default PLAINTEXT)
WLZ_SASL_MECHANISM        PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512          (default SCRAM-SHA-512)
WLZ_SASL_USERNAME, WLZ_SASL_PASSWORD, WLZ_SSL_CAFILE, WLZ_SSL_CERTFILE, WLZ_SSL_KEYFILE
"""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.fouten import InstellingFout

ONTWIKKELSLEUTEL = "wlz-ontwikkelsleutel-niet-voor-productie"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WLZ_", extra="ignore", populate_by_name=True)

    # the store
    data_dir: Path = Path("wlz-data")
    persistence: Literal["sqlite", "postgres"] = "sqlite"
    database_url: SecretStr | None = Field(default=None, validation_alias=AliasChoices("DATABASE_URL", "WLZ_DATABASE_URL"))
    case_id_key: SecretStr = SecretStr(ONTWIKKELSLEUTEL)
    aggregate_cache: int = 20_000  # cases kept in memory; fast-forwarded from the store on every read
    cipher_key: SecretStr | None = None  # base64 AES key: events and snapshots encrypted at rest (AES-GCM)
    ontwikkeling: bool = False  # development only: `wlz serve` accepts insecure settings (services/startcontrole.py)
    keystore_url: SecretStr | None = None  # the per-person key store, a database apart from the events (postgres)

    # the PGB plafond (art. 5.10 with Awb art. 4:25 lid 2: beyond it a PGB is refused; that is the law, not a
    # policy - only a simulation may switch it off, by this explicit name, and its decisions say so)
    simulatie_zonder_plafond: bool = False
    plafond_drempels: str = "90,100"  # thresholds of the plafond ledger's alerts

    # Kafka
    bootstrap_servers: str = Field(
        default="127.0.0.1:19092", validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "WLZ_BOOTSTRAP_SERVERS")
    )
    topic_prefix: str = ""
    group_id: str = "wlz-service"
    topic_partitions: int = Field(default=6, ge=1)
    topic_replication_factor: int = Field(default=1, ge=1)
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    # stored notifications per Kafka transaction of the publishers: a batch of 500 requests records some
    # 1.500, so at 500 the decision publisher fell behind the consumer and read back from the store
    # (bench/ingest: 929 -> 996 events/s, p50 at 500/s 91 -> 67 ms); its start reads a tail of 8x this per partition
    publiceer_batch: int = Field(default=2000, ge=1)
    # notifications kept in memory for the store's readers in this process (services/notification_buffer.py):
    # at 20.000 the decision publisher fell that far behind in a burst of requests and read 17.000 of them
    # back from the store (bench/ingest, one run each: 1.334 -> 1.465 events/s with 60.000, peak RSS 310 -> 307 MB)
    buffer_maximum: int = Field(default=60_000, ge=1)
    # the consumer waits after a batch while those readers are more than 3/4 of the buffer behind, until
    # they are at 1/2, for at most this long (services/adapters/kafka/afremmen.py); 0: never waits
    afremmen_hoogstens_s: float = Field(default=5.0, ge=0)
    batch: int = 500  # inbound records per batch (one store transaction per batch)
    # cases kept in memory after a batch, each for 30 s (Kluis.BEWAARTIJD), so the next batch reads only what
    # was recorded on them since (services/casegeheugen.py); 0: every case read whole from the store
    case_geheugen: int = Field(default=50_000, ge=0)
    # FastStream waits this long for records and, when none came, as long again before the next poll: its
    # default of 200 ms put up to 400 ms on a message arriving in a quiet moment (the latency of a decision)
    batch_timeout_ms: int = Field(default=10, ge=1)
    # how long fetched records that wait for the handler keep aiokafka from fetching any other partition of
    # their broker (aiokafka's own 100 ms is the default); 0 helps one instance and hurts two
    # (services/adapters/kafka/ophalen.py: p99 at 500/s, one instance 61 -> 48 ms, two 97-114 -> 505-846 ms)
    ophaalpauze_ms: int = Field(default=100, ge=0)
    # allocations between collections of the young generation after the start; 0 leaves Python's 700
    # (services/adapters/garbage.py: the collector took about a third of the service's CPU)
    gc_drempel: int = Field(default=50_000, ge=0)
    gc_batchpauze: bool = True  # the collector pauses while a batch is handled (services/adapters/garbage.py)
    log_format: Literal["json", "text"] = "text"
    start_timeout: float = Field(default=60.0, ge=0)
    session_timeout_ms: int = Field(default=10_000, ge=1)  # how soon a dead instance's partitions move
    heartbeat_interval_ms: int = Field(default=3_000, ge=1)
    leider_interval: float = Field(default=1.0, gt=0)  # take-over time of the leader work (leiderschap.py)
    controle_interval: float = Field(default=5.0, gt=0)  # refused partitions checked again (posities.py)
    batch_marker: Path | None = None  # the phase of the batch in flight, for fault tests (gezondheid.py)

    # TLS and SASL (see the README's SECURITY section)
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "SCRAM-SHA-512"
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None

    @property
    def plafond_modus(self) -> Literal["wettelijk", "simulatie_zonder_plafond"]:
        return "simulatie_zonder_plafond" if self.simulatie_zonder_plafond else "wettelijk"

    @property
    def drempels(self) -> tuple[int, ...]:
        return tuple(sorted(int(d) for d in self.plafond_drempels.split(",") if d.strip()))

    def eventstore_env(self, applicatie: str) -> dict[str, str]:
        """The eventsourcing library's environment for one application; the store module it names
        (services/adapters/store/) turns it into connections.

        SQLite: one file per application, because the library gives every application the same table
        name in SQLite and two applications in one file would share it.
        """
        env = {"AGGREGATE_CACHE_MAXSIZE": str(self.aggregate_cache)} if self.aggregate_cache else {}
        if self.cipher_key is not None:
            # the library's AES-GCM cipher on the `cryptography` package
            env |= {"CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher", "CIPHER_KEY": self.cipher_key.get_secret_value()}
        if self.persistence == "sqlite":
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # personal data: its owner only
            return {
                **env,
                "PERSISTENCE_MODULE": "services.adapters.store.sqlite:Factory",
                "SQLITE_DBNAME": str(self.data_dir / f"{applicatie}.sqlite"),
                "SQLITE_LOCK_TIMEOUT": "10",
            }
        return {
            **env,
            "PERSISTENCE_MODULE": "services.adapters.store.postgres:Factory",
            "STORE_DATABASE_URL": self.database_url_value(),
            "PERSOONSSLEUTELS_URL": self.keystore_url_value()[0],
            "PERSOONSSLEUTELS_MAAK": "y" if self.keystore_url_value()[1] else "",
            "CREATE_TABLE": "y",
        }

    def database_url_value(self) -> str:
        if self.database_url is None:
            raise InstellingFout("DATABASE_URL", "ontbreekt; WLZ_PERSISTENCE=postgres vraagt postgresql://user:password@host:port/db")
        return self.database_url.get_secret_value()

    def keystore_url_value(self) -> tuple[str, bool]:
        """The key store's URL and whether it is the default: WLZ_KEYSTORE_URL, else a database
        `<db>_sleutels` beside the event store's on the same server (created on first use). Apart from
        the events so that its WAL and backups can expire soon after an erasure (README, SECURITY)."""
        if self.keystore_url is not None:
            return self.keystore_url.get_secret_value(), False
        url = urlparse(self.database_url_value())
        naam = url.path.lstrip("/") or "postgres"
        return url._replace(path=f"/{naam}_sleutels").geturl(), True

    def ssl_context(self) -> ssl.SSLContext | None:
        if "SSL" not in self.security_protocol:
            return None
        context = ssl.create_default_context(cafile=self.ssl_cafile)  # verifies the broker's certificate and name
        if self.ssl_certfile:
            context.load_cert_chain(self.ssl_certfile, self.ssl_keyfile)
        return context

    def aiokafka_args(self) -> dict[str, Any]:
        """The connection arguments of every aiokafka client the service makes itself."""
        args: dict[str, Any] = {"bootstrap_servers": self.bootstrap_servers, "security_protocol": self.security_protocol}
        if (context := self.ssl_context()) is not None:
            args["ssl_context"] = context
        if self.security_protocol.startswith("SASL"):
            args |= {
                "sasl_mechanism": self.sasl_mechanism,
                "sasl_plain_username": self.sasl_username,
                "sasl_plain_password": self.sasl_password.get_secret_value() if self.sasl_password else None,
            }
        return args

    def faststream_security(self) -> Any:
        """The same settings for FastStream's broker."""
        from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

        context = self.ssl_context()
        if not self.security_protocol.startswith("SASL"):
            return BaseSecurity(ssl_context=context) if context else None
        klasse = {"PLAIN": SASLPlaintext, "SCRAM-SHA-256": SASLScram256, "SCRAM-SHA-512": SASLScram512}[self.sasl_mechanism]
        wachtwoord = self.sasl_password.get_secret_value() if self.sasl_password else ""
        return klasse(self.sasl_username or "", wachtwoord, ssl_context=context, use_ssl=context is not None)
