"""Kafka settings from the environment (pydantic-settings).

KAFKA_BOOTSTRAP_SERVERS   host:port[,host:port]                        (default 127.0.0.1:19092)
WLZ_TOPIC_PREFIX          prefix for every topic name, e.g. "test-1."   (default "")
WLZ_GROUP_ID              consumer group of the service                 (default wlz-service)
WLZ_TOPIC_PARTITIONS      partitions when the service creates a topic   (default 6)
WLZ_TOPIC_REPLICATION_FACTOR  replicas when the service creates a topic (default 1; 3 in production)
WLZ_HTTP_PORT             port of the health endpoint of `wlz serve`     (default 8080)
WLZ_BATCH                 inbound records per batch                     (default 500)
WLZ_SECURITY_PROTOCOL     PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL    (default PLAINTEXT)
WLZ_SASL_MECHANISM        PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512          (default SCRAM-SHA-512)
WLZ_SASL_USERNAME, WLZ_SASL_PASSWORD, WLZ_SSL_CAFILE, WLZ_SSL_CERTFILE, WLZ_SSL_KEYFILE
"""

from __future__ import annotations

import ssl
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class KafkaInstellingen(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WLZ_", extra="ignore", populate_by_name=True)

    bootstrap_servers: str = Field(
        default="127.0.0.1:19092", validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "WLZ_BOOTSTRAP_SERVERS")
    )
    topic_prefix: str = ""
    group_id: str = "wlz-service"
    topic_partitions: int = Field(default=6, ge=1)
    topic_replication_factor: int = Field(default=1, ge=1)
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    publiceer_batch: int = 500
    batch: int = 500  # inbound records per batch (one store transaction per partition per batch)

    # TLS and SASL (see the README's SECURITY section)
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "SCRAM-SHA-512"
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None

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

    def topic(self, naam: str) -> str:
        return f"{self.topic_prefix}{naam}"

    @property
    def indicaties(self) -> str:
        """CIZ indications: IndicatieOntvangen, IndicatieBeeindigd."""
        return self.topic("wlz.indicaties")

    @property
    def aanvragen(self) -> str:
        """Client requests: LeveringsvormAangevraagd, EKTAangevraagd, MeerzorgAangevraagd, ToeslagAangevraagd."""
        return self.topic("wlz.aanvragen")

    @property
    def besluiten(self) -> str:
        """Every decision, keyed by case id, in the order recorded."""
        return self.topic("wlz.besluiten")

    @property
    def cak(self) -> str:
        """CakZorgmutatie: start and end of care per client, for the eigen bijdrage (art. 7.12)."""
        return self.topic("wlz.cak.zorgmutaties")

    @property
    def svb(self) -> str:
        """SvbBudgetmutatie: a budget holder's PGB per calendar year, with every change."""
        return self.topic("wlz.svb.budgetten")

    @property
    def alerts(self) -> str:
        """PgbPlafondDrempelBereikt: a region's granted PGB crossed a threshold of its plafond."""
        return self.topic("wlz.rapportage.plafondalerts")

    @property
    def dlq(self) -> str:
        """Inbound messages that could not be read, with the original bytes and the error."""
        return self.topic("wlz.dlq")

    @property
    def transactional_id(self) -> str:
        return f"{self.topic_prefix}wlz-besluiten-publisher"

    @property
    def alle_topics(self) -> tuple[str, ...]:
        return (self.indicaties, self.aanvragen, self.besluiten, self.cak, self.svb, self.alerts, self.dlq)
