"""The image (deploy/Dockerfile) runs as non-root from pinned, hashed dependencies, and the lock file
(deploy/requirements.lock, made by scripts/lock) still satisfies pyproject.toml; docker-compose advertises
a Kafka listener for the containers and one for the host. (Docker itself does not run on the build
machines: these are checks of the files.)"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[2]
LOCK = REPO / "deploy" / "requirements.lock"
HERSTEL = "run scripts/lock after changing [project] dependencies in pyproject.toml"


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for regel in LOCK.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ \\;]+)", regel):
            pins[canonicalize_name(m[1])] = Version(m[2])
    return pins


def _runtime_eisen() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["dependencies"]]


def test_lock_voldoet_aan_pyproject() -> None:
    pins = _pins()
    for eis in _runtime_eisen():
        naam = canonicalize_name(eis.name)
        assert naam in pins, f"{eis.name} missing from deploy/requirements.lock: {HERSTEL}"
        assert eis.specifier.contains(pins[naam], prereleases=True), f"{eis.name}=={pins[naam]} does not satisfy {eis}: {HERSTEL}"
        for extra in eis.extras:  # what an extra adds, as the installed package declares it
            for sub in map(Requirement, importlib.metadata.requires(eis.name) or []):
                if sub.marker is not None and sub.marker.evaluate({"extra": extra}) and not sub.marker.evaluate({"extra": ""}):
                    assert canonicalize_name(sub.name) in pins, f"{sub.name} ({eis.name}[{extra}]) missing from the lock: {HERSTEL}"


def test_lock_pint_elk_pakket_met_hashes() -> None:
    tekst = LOCK.read_text(encoding="utf-8")
    blokken = re.split(r"\n(?=[A-Za-z0-9])", tekst.split("\n", 1)[1])
    assert len(blokken) == len(_pins()) >= 40
    for blok in blokken:
        assert "==" in blok and "--hash=sha256:" in blok, blok.splitlines()[0]
    assert "-e " not in tekst and "file://" not in tekst


def test_dockerfile_niet_root_en_alleen_uit_de_lock() -> None:
    regels = [r.strip() for r in (REPO / "deploy" / "Dockerfile").read_text(encoding="utf-8").splitlines()]
    laatste_stage = regels[max(i for i, r in enumerate(regels) if r.startswith("FROM ")) :]
    users = [r.split()[1] for r in laatste_stage if r.startswith("USER ")]
    assert users, "the final stage must switch user"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) > 0, "a numeric non-root uid (Kubernetes runAsNonRoot can only check a number)"
    installs = [r for r in regels if "pip install" in r]
    assert any("--require-hashes" in r and "requirements.lock" in r for r in installs)
    assert all("--require-hashes" in r or "--no-deps" in r for r in installs), "nothing is resolved outside the lock"
    assert 'ENTRYPOINT ["wlz"]' in regels and 'CMD ["serve"]' in regels


def test_dockerignore_houdt_het_image_schoon() -> None:
    genegeerd = {r.strip() for r in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines() if r and not r.startswith("#")}
    assert {".git", ".venv", "tests", "wlz-data", "*.sqlite", ".infra", "rejects*.jsonl", ".env"} <= genegeerd


def test_compose_adverteert_listeners_voor_containers_en_host() -> None:
    compose = yaml.safe_load((REPO / "deploy" / "docker-compose.yml").read_text(encoding="utf-8"))
    kafka = compose["services"]["kafka"]
    listeners = kafka["environment"]["KAFKA_ADVERTISED_LISTENERS"].split(",")
    geadverteerd = {naam: adres.removeprefix("//") for naam, adres in (listener.split(":", 1) for listener in listeners)}
    gepubliceerd = {p.split(":")[0] for p in kafka["ports"]}
    host_poorten = [a.rsplit(":", 1)[1] for a in geadverteerd.values() if a.startswith("localhost:")]
    assert host_poorten and set(host_poorten) <= gepubliceerd, "the host listener's port must be published"
    wlz = compose["services"]["wlz"]["environment"]
    assert wlz["KAFKA_BOOTSTRAP_SERVERS"] in geadverteerd.values(), "the service uses the listener advertised to containers"
    assert wlz["KAFKA_BOOTSTRAP_SERVERS"].startswith("kafka:")
    assert int(wlz["WLZ_TOPIC_REPLICATION_FACTOR"]) == 1 and int(wlz["WLZ_TOPIC_PARTITIONS"]) >= 1
