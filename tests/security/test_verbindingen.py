"""TLS and SASL for Kafka, TLS and password for PostgreSQL: by configuration only."""

from __future__ import annotations

import os

from faststream.security import SASLScram512

from services.adapters.store.postgres import tls, verbinding
from services.settings import Settings


def test_kafka_zonder_beveiliging_standaard() -> None:
    kafka = Settings(bootstrap_servers="b:9092")
    assert kafka.aiokafka_args() == {"bootstrap_servers": "b:9092", "security_protocol": "PLAINTEXT"}
    assert kafka.faststream_security() is None


def test_kafka_sasl_ssl_met_scram() -> None:
    kafka = Settings(bootstrap_servers="b:9093", security_protocol="SASL_SSL", sasl_username="wlz", sasl_password="geheim")  # type: ignore[arg-type]
    args = kafka.aiokafka_args()
    assert args["security_protocol"] == "SASL_SSL" and args["sasl_mechanism"] == "SCRAM-SHA-512"
    assert args["sasl_plain_username"] == "wlz" and args["sasl_plain_password"] == "geheim"
    assert args["ssl_context"].check_hostname
    assert isinstance(kafka.faststream_security(), SASLScram512)
    assert "geheim" not in repr(kafka)  # the password never shows in a repr or a log


def test_postgres_tls_uit_de_url() -> None:
    """The event store connects with the URL's TLS parameters, without writing the environment."""
    voor = dict(os.environ)
    settings = Settings(
        persistence="postgres", database_url="postgresql://wlz:pw@db:5432/wlz?sslmode=verify-full&sslrootcert=/etc/ca.pem"
    )  # type: ignore[arg-type]
    url = settings.eventstore_env("wlz")["STORE_DATABASE_URL"]
    env = verbinding(url)
    assert (env["POSTGRES_DBNAME"], env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("wlz", "wlz", "pw")
    assert tls(url) == {"sslmode": "verify-full", "sslrootcert": "/etc/ca.pem"}
    assert dict(os.environ) == voor
    assert "pw" not in repr(settings)
