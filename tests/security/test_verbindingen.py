"""TLS and SASL for Kafka, TLS and password for PostgreSQL: by configuration only."""

from __future__ import annotations

import os

import pytest
from faststream.security import SASLScram512

from services.adapters.kafka.instellingen import KafkaInstellingen
from services.config import Instellingen


def test_kafka_zonder_beveiliging_standaard() -> None:
    kafka = KafkaInstellingen(bootstrap_servers="b:9092")
    assert kafka.aiokafka_args() == {"bootstrap_servers": "b:9092", "security_protocol": "PLAINTEXT"}
    assert kafka.faststream_security() is None


def test_kafka_sasl_ssl_met_scram() -> None:
    kafka = KafkaInstellingen(bootstrap_servers="b:9093", security_protocol="SASL_SSL", sasl_username="wlz", sasl_password="geheim")  # type: ignore[arg-type]
    args = kafka.aiokafka_args()
    assert args["security_protocol"] == "SASL_SSL" and args["sasl_mechanism"] == "SCRAM-SHA-512"
    assert args["sasl_plain_username"] == "wlz" and args["sasl_plain_password"] == "geheim"
    assert args["ssl_context"].check_hostname
    assert isinstance(kafka.faststream_security(), SASLScram512)
    assert "geheim" not in repr(kafka)  # the password never shows in a repr or a log


def test_postgres_tls_uit_de_url(monkeypatch: pytest.MonkeyPatch) -> None:
    for naam in ("PGSSLMODE", "PGSSLROOTCERT"):
        monkeypatch.delenv(naam, raising=False)
    instellingen = Instellingen(
        persistence="postgres", database_url="postgresql://wlz:pw@db:5432/wlz?sslmode=verify-full&sslrootcert=/etc/ca.pem"
    )  # type: ignore[arg-type]
    env = instellingen.eventstore_env("wlz")
    assert (env["POSTGRES_DBNAME"], env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("wlz", "wlz", "pw")
    assert os.environ["PGSSLMODE"] == "verify-full" and os.environ["PGSSLROOTCERT"] == "/etc/ca.pem"
    assert "pw" not in repr(instellingen)
