"""Kafka settings from the environment (pydantic-settings).

KAFKA_BOOTSTRAP_SERVERS   host:port[,host:port]                        (default 127.0.0.1:19092)
WLZ_TOPIC_PREFIX          prefix for every topic name, e.g. "test-1."   (default "")
WLZ_GROUP_ID              consumer group of the service                 (default wlz-service)
WLZ_TOPIC_PARTITIONS      partitions when the service creates a topic   (default 6)
WLZ_HTTP_PORT             port of the health endpoint of `wlz serve`     (default 8080)
WLZ_BATCH                 inbound records per batch                     (default 500)
"""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class KafkaInstellingen(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WLZ_", extra="ignore")

    bootstrap_servers: str = Field(
        default="127.0.0.1:19092", validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "WLZ_BOOTSTRAP_SERVERS")
    )
    topic_prefix: str = ""
    group_id: str = "wlz-service"
    topic_partitions: int = 6
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    publiceer_batch: int = 500
    batch: int = 500  # inbound records per batch (one store transaction per partition per batch)

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
