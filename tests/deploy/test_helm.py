"""The Helm chart (deploy/helm/): `helm lint` and `helm template` pass, and what it renders runs the service
as an operator needs it: non-root, probes and resources set, Kafka and PostgreSQL from values and secrets.

`scripts/helm` installs Helm when it is missing (scripts/test runs it before pytest, so it is there).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "deploy" / "helm"
HELM = REPO / "scripts" / "helm"


def _helm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(HELM), *args], capture_output=True, text=True, timeout=600, check=False)


def _render(*sets: str) -> dict[str, dict[str, Any]]:
    uit = _helm("template", "wlz", str(CHART), *[a for s in sets for a in ("--set", s)])
    assert uit.returncode == 0, uit.stderr
    return {d["kind"]: d for d in yaml.safe_load_all(uit.stdout) if d}


def _container(manifesten: dict[str, dict[str, Any]]) -> dict[str, Any]:
    containers = manifesten["Deployment"]["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return dict(containers[0])


def _env(container: dict[str, Any]) -> dict[str, Any]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


def test_helm_lint_strict() -> None:
    uit = _helm("lint", "--strict", str(CHART))
    assert uit.returncode == 0, uit.stdout + uit.stderr
    assert "1 chart(s) linted, 0 chart(s) failed" in uit.stdout


def test_het_pod_draait_niet_als_root_met_een_alleen_lezen_bestandssysteem() -> None:
    manifesten = _render()
    pod = manifesten["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001
    container = _container(manifesten)
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
    assert pod["automountServiceAccountToken"] is False


def test_probes_en_resources_uit_values() -> None:
    container = _container(
        _render("probes.liveness.path=/health/live", "probes.readiness.path=/health/ready", "resources.limits.memory=1Gi")
    )
    assert container["livenessProbe"]["httpGet"] == {"path": "/health/live", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/health/ready", "port": "http"}
    assert container["startupProbe"]["httpGet"]["port"] == "http"
    assert container["resources"]["limits"]["memory"] == "1Gi"
    assert container["resources"]["requests"] == {"cpu": "500m", "memory": "384Mi"}


def test_kafka_en_topics_uit_values_geheimen_uit_een_secret() -> None:
    manifesten = _render(
        "kafka.bootstrapServers=kafka-0.kafka:9093",
        "kafka.topicPartitions=12",
        "kafka.topicReplicationFactor=3",
        "kafka.securityProtocol=SASL_SSL",
        "kafka.saslUsername=wlz",
        "kafka.tlsSecretName=kafka-ca",
        "secrets.name=wlz-prod",
    )
    env = _env(_container(manifesten))
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == "kafka-0.kafka:9093"
    assert env["WLZ_TOPIC_PARTITIONS"] == "12"
    assert env["WLZ_TOPIC_REPLICATION_FACTOR"] == "3"
    assert env["WLZ_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert env["WLZ_SSL_CAFILE"] == "/etc/wlz/kafka-tls/ca.crt"
    assert env["WLZ_PERSISTENCE"] == "postgres"
    assert env["DATABASE_URL"] == {"secretKeyRef": {"name": "wlz-prod", "key": "DATABASE_URL"}}
    assert env["WLZ_CASE_ID_KEY"] == {"secretKeyRef": {"name": "wlz-prod", "key": "WLZ_CASE_ID_KEY"}}
    assert env["WLZ_SASL_PASSWORD"]["secretKeyRef"]["optional"] is True
    assert "Secret" not in manifesten, "by default the operator makes the Secret; the chart only reads it"
    volumes = {v["name"]: v for v in manifesten["Deployment"]["spec"]["template"]["spec"]["volumes"]}
    assert volumes["kafka-tls"]["secret"]["secretName"] == "kafka-ca"


def test_de_chart_maakt_het_secret_alleen_op_verzoek_en_nooit_zonder_sleutels() -> None:
    sleutels = ("secrets.values.DATABASE_URL=postgresql://wlz:pw@db:5432/wlz", "secrets.values.WLZ_CASE_ID_KEY=k")
    manifesten = _render("secrets.create=true", *sleutels, "secrets.values.WLZ_CIPHER_KEY=c")
    assert manifesten["Secret"]["stringData"] == {
        "DATABASE_URL": "postgresql://wlz:pw@db:5432/wlz",
        "WLZ_CASE_ID_KEY": "k",
        "WLZ_CIPHER_KEY": "c",
    }
    zonder = _helm("template", "wlz", str(CHART), "--set", "secrets.create=true")
    assert zonder.returncode != 0
    assert "secrets.values.DATABASE_URL is required" in zonder.stderr
    # wlz serve refuses to start without an at-rest key (services/startcontrole.py): the chart says so at install.
    zonder_cipher = _helm("template", "wlz", str(CHART), "--set", "secrets.create=true", *[a for s in sleutels for a in ("--set", s)])
    assert zonder_cipher.returncode != 0
    assert "secrets.values.WLZ_CIPHER_KEY is required" in zonder_cipher.stderr


def test_de_pod_leest_de_cipher_sleutel_verplicht_uit_het_secret() -> None:
    env = {e["name"]: e for e in _container(_render())["env"]}
    assert "optional" not in env["WLZ_CIPHER_KEY"]["valueFrom"]["secretKeyRef"]


def test_standaard_probes_op_live_en_ready_en_meer_instanties_mogelijk() -> None:
    manifesten = _render("replicaCount=3")
    container = _container(manifesten)
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert manifesten["Deployment"]["spec"]["replicas"] == 3


@pytest.mark.parametrize(
    ("instelling", "melding"),
    [
        ("replicaCount=-1", "replicaCount"),
        ("kafka.securityProtocol=TLS", "securityProtocol"),
        ("kafka.topicReplicationFactor=0", "topicReplicationFactor"),
    ],
)
def test_values_schema_weigert_onzin(instelling: str, melding: str) -> None:
    uit = _helm("lint", str(CHART), "--set", instelling)
    assert uit.returncode != 0
    assert melding in uit.stdout + uit.stderr


def test_prometheus_scrapet_metrics() -> None:
    annotaties = _render()["Deployment"]["spec"]["template"]["metadata"]["annotations"]
    assert annotaties["prometheus.io/scrape"] == "true"
    assert annotaties["prometheus.io/path"] == "/metrics"


def test_servicemonitor_op_verzoek() -> None:
    assert "ServiceMonitor" not in _render()
    monitor = _render("metrics.serviceMonitor.enabled=true")["ServiceMonitor"]
    assert monitor["spec"]["endpoints"] == [{"port": "http", "path": "/metrics", "interval": "30s"}]
