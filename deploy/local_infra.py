#!/usr/bin/env python3
"""Local test infrastructure: a real Apache Kafka broker and a private PostgreSQL.

No Docker needed.  The script

* assembles Apache Kafka 4.1.1 from Maven Central with Maven (once, then cached)
  and runs it as a single-node KRaft broker+controller on loopback;
* runs a private PostgreSQL cluster (initdb in the state dir) on loopback,
  installing Debian's ``postgresql`` package first if no server binaries exist.

Usage::

    eval "$(python3 local_infra.py start --state-dir /tmp/wlz-infra)"
    python3 local_infra.py status --state-dir /tmp/wlz-infra
    python3 local_infra.py stop --state-dir /tmp/wlz-infra

``start`` prints only ``export`` lines on stdout (everything else goes to
stderr), so it can be ``eval``-ed; the same lines are written to
``<state dir>/env``.  A component is skipped when its variable
(``KAFKA_BOOTSTRAP_SERVERS`` / ``DATABASE_URL``) is already set.

Requirements: Python 3.11 (standard library only), Java 17+, Maven 3 on PATH
(only for the first assembly), and root or the PostgreSQL binaries for the
database.  The jar cache lives in ``$WLZ_INFRA_CACHE`` (default
``~/.cache/wlz-infra``) as ``kafka-<version>/libs``; Maven's local repository
for the assembly is kept next to it (``kafka-<version>/m2``).
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import glob
import os
import pwd
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# --------------------------------------------------------------------------
# Versions and defaults
# --------------------------------------------------------------------------

KAFKA_VERSION = "4.1.1"
SCALA_BINARY = "2.13"
LOG4J_VERSION = "2.24.3"
# Pinned so the assembly does not depend on whatever Maven resolves as latest.
DEPENDENCY_PLUGIN_VERSION = "3.8.1"

DEFAULT_KAFKA_PORT = 19092
DEFAULT_CONTROLLER_PORT = 19093
DEFAULT_PG_PORT = 15432
PG_USER = PG_PASSWORD = PG_DATABASE = "wlz"
PG_OS_USER = "postgres"  # initdb/pg_ctl refuse to run as root

KAFKA_READY_TIMEOUT_S = 90.0
KAFKA_POLL_INTERVAL_S = 0.5
PG_START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 30.0

KAFKA_JVM_OPTS = ["-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true"]

LOOPBACK = "127.0.0.1"


if sys.version_info < (3, 11):  # noqa: UP036 - may be run by an older system python
    raise SystemExit("local_infra.py needs Python 3.11+")


class InfraError(RuntimeError):
    """A failure with a message meant for the user."""


def log(msg: str) -> None:
    """Progress messages go to stderr so stdout stays eval-able."""
    print(f"[local_infra] {msg}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Settings:
    """Everything derived from the command line and the environment."""

    state_dir: Path
    kafka_port: int
    controller_port: int
    pg_port: int
    cache_root: Path
    secure: bool = False  # SASL_SSL + ACLs for Kafka, TLS for PostgreSQL (see "Secure mode" below)

    # --- Kafka paths -----------------------------------------------------
    @property
    def kafka_home(self) -> Path:
        return self.cache_root / f"kafka-{KAFKA_VERSION}"

    @property
    def kafka_libs(self) -> Path:
        return self.kafka_home / "libs"

    @property
    def kafka_data(self) -> Path:
        return self.state_dir / "kafka-data"

    @property
    def kafka_pid_file(self) -> Path:
        return self.state_dir / "kafka.pid"

    @property
    def kafka_log(self) -> Path:
        return self.state_dir / "kafka.log"

    @property
    def kafka_properties(self) -> Path:
        return self.state_dir / "server.properties"

    @property
    def log4j_config(self) -> Path:
        return self.state_dir / "log4j2.properties"

    @property
    def bootstrap(self) -> str:
        return f"{LOOPBACK}:{self.kafka_port}"

    # --- PostgreSQL paths ------------------------------------------------
    @property
    def pgdata(self) -> Path:
        return self.state_dir / "pgdata"

    @property
    def pg_log(self) -> Path:
        return self.state_dir / "postgres.log"

    @property
    def database_url(self) -> str:
        url = f"postgresql://{PG_USER}:{PG_PASSWORD}@{LOOPBACK}:{self.pg_port}/{PG_DATABASE}"
        return f"{url}?sslmode=verify-full&sslrootcert={self.tls_dir / 'ca.pem'}" if self.secure else url

    # --- secure mode -----------------------------------------------------
    @property
    def tls_dir(self) -> Path:
        return self.state_dir / "tls"

    @property
    def users_file(self) -> Path:
        """The SCRAM users and their passwords (0600), for the service and the tests' producers."""
        return self.state_dir / "scram-users.json"

    @property
    def env_file(self) -> Path:
        return self.state_dir / "env"


# --------------------------------------------------------------------------
# Small process helpers
# --------------------------------------------------------------------------


def pid_alive(pid: int) -> bool:
    """True if ``pid`` exists and is not a zombie (an unreaped exited child)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            # Field 3 is the state; the command name (field 2) may contain spaces.
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def process_cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def rss_mib(pid: int) -> float | None:
    """Resident set size of a process in MiB (from /proc)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def port_open(port: int, host: str = LOOPBACK, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return f"(no log at {path})"


def run(
    cmd: list[str],
    *,
    what: str,
    check: bool = True,
    cwd: str | Path | None = None,
    env: dict[str, str] | None = None,
    user: int | None = None,
    group: int | None = None,
    start_new_session: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run a command to completion, capturing its output.

    With ``check`` a non-zero exit raises InfraError carrying the output.
    ``user``/``group`` (root only) run it as another OS user, without our groups.
    """
    proc = subprocess.run(
        cmd,
        text=True,
        capture_output=True,
        cwd=cwd,
        env=env,
        user=user,
        group=group,
        extra_groups=[] if user is not None else None,
        start_new_session=start_new_session,
    )
    if check and proc.returncode != 0:
        raise InfraError(f"{what} failed (exit {proc.returncode}): {shlex.join(cmd)}\n{proc.stdout[-4000:]}{proc.stderr[-4000:]}")
    return proc


def terminate(pid: int, name: str, timeout: float = STOP_TIMEOUT_S) -> None:
    """SIGTERM, wait up to ``timeout`` seconds, then SIGKILL."""
    if not pid_alive(pid):
        return
    log(f"stopping {name} (pid {pid}) with SIGTERM")
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return
        time.sleep(0.2)
    log(f"{name} still alive after {timeout:.0f} s, sending SIGKILL")
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    for _ in range(50):
        if not pid_alive(pid):
            return
        time.sleep(0.1)
    raise InfraError(f"could not kill {name} (pid {pid})")


def which_or_fail(tool: str, hint: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise InfraError(f"'{tool}' not found on PATH: {hint}")
    return path


def java_executable() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    return which_or_fail("java", "install a JDK 17+ (e.g. apt-get install -y openjdk-17-jre-headless)")


# --------------------------------------------------------------------------
# Kafka: assembly from Maven Central
# --------------------------------------------------------------------------

POM_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by local_infra.py: resolves a runnable Kafka broker classpath. -->
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.wlz.infra</groupId>
  <artifactId>kafka-broker-libs</artifactId>
  <version>{kafka}</version>
  <packaging>pom</packaging>

  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_{scala}</artifactId>
      <version>{kafka}</version>
    </dependency>
    <!-- Logging backend. Kafka 4.x is built against slf4j-api 1.7.x, so the
         binding is log4j-slf4j-impl (not log4j-slf4j2-impl). -->
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-api</artifactId>
      <version>{log4j}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>{log4j}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>{log4j}</version>
    </dependency>
  </dependencies>

  <build>
    <pluginManagement>
      <plugins>
        <plugin>
          <groupId>org.apache.maven.plugins</groupId>
          <artifactId>maven-dependency-plugin</artifactId>
          <version>{dep_plugin}</version>
        </plugin>
      </plugins>
    </pluginManagement>
  </build>
</project>
"""

LIBS_COMPLETE_MARKER = ".complete"


def ensure_kafka_libs(settings: Settings) -> Path:
    """Return the cached Kafka libs dir, assembling it with Maven if needed."""
    libs = settings.kafka_libs
    if (libs / LIBS_COMPLETE_MARKER).exists():
        log(f"kafka jars cached in {libs}")
        return libs

    mvn = which_or_fail("mvn", "install Maven (apt-get install -y maven) for the one-time Kafka assembly")
    home = settings.kafka_home
    home.mkdir(parents=True, exist_ok=True)
    pom = home / "pom.xml"
    pom.write_text(POM_TEMPLATE.format(kafka=KAFKA_VERSION, scala=SCALA_BINARY, log4j=LOG4J_VERSION, dep_plugin=DEPENDENCY_PLUGIN_VERSION))
    # Copy into a scratch dir first and rename at the end, so an interrupted
    # download never leaves a half-filled cache that looks complete.
    partial = home / "libs.partial"
    shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(libs, ignore_errors=True)
    cmd = [
        mvn,
        "-B",
        "-q",
        "-f",
        str(pom),
        # Keep Maven's downloads with the cache instead of ~/.m2.
        f"-Dmaven.repo.local={home / 'm2'}",
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={partial.resolve()}",
    ]
    log(f"assembling Kafka {KAFKA_VERSION} from Maven Central into {libs} (one-time)")
    started = time.monotonic()
    run(cmd, what="Maven assembly of Kafka", cwd=home)
    jars = sorted(p.name for p in partial.glob("*.jar"))
    if not any(j.startswith(f"kafka_{SCALA_BINARY}-") for j in jars):
        raise InfraError(f"Maven finished but no kafka_{SCALA_BINARY} jar in {partial}")
    (partial / LIBS_COMPLETE_MARKER).write_text("\n".join(jars) + "\n")
    partial.rename(libs)
    log(f"TIMING kafka_assembly_s={time.monotonic() - started:.1f} ({len(jars)} jars)")
    return libs


# --------------------------------------------------------------------------
# Kafka: configuration, start, readiness
# --------------------------------------------------------------------------

LOG4J2_PROPERTIES = """\
# Generated by local_infra.py. Console only; the JVM's stdout is the log file.
status = warn
name = wlz-kafka
# Kafka has its own SIGTERM shutdown hook; without this, log4j's hook stops
# logging halfway through Kafka's controlled shutdown.
shutdownHook = disable

appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n

rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT

# Noisy per-request/state-change loggers stay at WARN, as in Kafka's own config.
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
"""


def kafka_server_properties(settings: Settings) -> str:
    controller = f"{LOOPBACK}:{settings.controller_port}"
    props: dict[str, str] = {
        # Single node, combined broker + controller (KRaft).
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@{controller}",
        "listeners": f"PLAINTEXT://{settings.bootstrap},CONTROLLER://{controller}",
        "advertised.listeners": f"PLAINTEXT://{settings.bootstrap}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(settings.kafka_data),
        # Replication factors a single node can satisfy.
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        # Test-friendly behaviour and a smaller memory footprint.
        "group.initial.rebalance.delay.ms": "0",
        "log.cleaner.dedupe.buffer.size": "16777216",
        "auto.create.topics.enable": "true",
        "num.partitions": "3",
    }
    if settings.secure:
        props |= secure_kafka_properties(settings)
    lines = ["# Generated by local_infra.py"] + [f"{k}={v}" for k, v in props.items()]
    return "\n".join(lines) + "\n"


def new_cluster_id() -> str:
    """A Kafka cluster id: 16 random bytes as 22 chars of unpadded base64url.

    Like Kafka's Uuid.randomUuid(), avoid a leading '-' (it looks like a CLI flag).
    """
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode("ascii").rstrip("=")
        if not cid.startswith("-"):
            return cid


def kafka_metadata(port: int, host: str = LOOPBACK, timeout: float = 2.0) -> tuple[list[int], list[str]]:
    """Send a Kafka Metadata v4 request for all topics; return (broker ids, topic names).

    Metadata v4 is a non-flexible version still supported by Kafka 4.x (only v0
    was removed), so the encoding is plain big-endian fields.
    """
    client_id = b"local_infra"
    header = struct.pack(">hhih", 3, 4, 1, len(client_id)) + client_id  # api_key=3 (Metadata), v4, corr_id=1
    body = struct.pack(">ib", -1, 0)  # topics=null (all topics), allow_auto_topic_creation=false
    request = header + body
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.settimeout(timeout)
        sock.sendall(struct.pack(">i", len(request)) + request)
        size = struct.unpack(">i", _recv_exact(sock, 4))[0]
        buf = _recv_exact(sock, size)

    pos = 0

    def take(fmt: str) -> tuple[int, ...]:
        nonlocal pos
        values = struct.unpack_from(fmt, buf, pos)
        pos += struct.calcsize(fmt)
        return values

    def take_string() -> str | None:
        nonlocal pos
        (length,) = take(">h")
        if length < 0:
            return None
        value = buf[pos : pos + length].decode()
        pos += length
        return value

    (correlation_id,) = take(">i")
    if correlation_id != 1:
        raise ValueError(f"unexpected correlation id {correlation_id}")
    take(">i")  # throttle_time_ms
    brokers: list[int] = []
    for _ in range(take(">i")[0]):
        (node_id,) = take(">i")
        take_string()  # host
        take(">i")  # port
        take_string()  # rack
        brokers.append(node_id)
    take_string()  # cluster_id
    take(">i")  # controller_id
    topics: list[str] = []
    for _ in range(take(">i")[0]):
        take(">h")  # error_code
        name = take_string()
        take(">b")  # is_internal
        for _ in range(take(">i")[0]):  # partitions
            take(">hii")  # error_code, partition_index, leader_id
            take(f">{take('>i')[0]}i")  # replica_nodes
            take(f">{take('>i')[0]}i")  # isr_nodes
        if name:
            topics.append(name)
    return brokers, topics


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks = bytearray()
    while len(chunks) < n:
        chunk = sock.recv(n - len(chunks))
        if not chunk:
            raise ConnectionError("connection closed by broker")
        chunks.extend(chunk)
    return bytes(chunks)


def kafka_running_pid(settings: Settings) -> int | None:
    """PID of this state dir's Kafka JVM, if it is running (guards against PID reuse)."""
    pid = read_pid(settings.kafka_pid_file)
    if pid is None or not pid_alive(pid):
        return None
    cmdline = process_cmdline(pid)
    if "kafka.Kafka" in cmdline and str(settings.kafka_properties) in cmdline:
        return pid
    return None


def start_kafka(settings: Settings) -> None:
    if (pid := kafka_running_pid(settings)) is not None:
        log(f"kafka already running (pid {pid}), checking it answers")
        if not settings.secure:
            kafka_metadata(settings.kafka_port)
        return
    for port in (settings.kafka_port, settings.controller_port):
        if port_open(port):
            raise InfraError(f"port {port} is already in use by another process")

    java = java_executable()
    libs = ensure_kafka_libs(settings)
    classpath = f"{libs}/*"
    settings.kafka_data.mkdir(parents=True, exist_ok=True)
    settings.log4j_config.write_text(LOG4J2_PROPERTIES)
    settings.kafka_properties.write_text(kafka_server_properties(settings))
    log4j_opt = f"-Dlog4j2.configurationFile={settings.log4j_config}"

    # Format the KRaft storage once; the cluster id is kept with the data.
    if not (settings.kafka_data / "meta.properties").exists():
        cluster_id_file = settings.state_dir / "kafka-cluster-id"
        if not cluster_id_file.exists():
            cluster_id_file.write_text(new_cluster_id() + "\n")
        cluster_id = cluster_id_file.read_text().strip()
        log(f"formatting KRaft storage (cluster id {cluster_id})")
        format_started = time.monotonic()
        run(
            [
                java,
                "-Xmx256m",
                log4j_opt,
                "-cp",
                classpath,
                "kafka.tools.StorageTool",
                "format",
                "-t",
                cluster_id,
                "-c",
                str(settings.kafka_properties),
                "--ignore-formatted",
                *(scram_format_args(settings) if settings.secure else []),
            ],
            what="kafka storage format",
        )
        log(f"TIMING kafka_format_s={time.monotonic() - format_started:.1f}")

    cmd = [java, *KAFKA_JVM_OPTS, log4j_opt, "-cp", classpath, "kafka.Kafka", str(settings.kafka_properties)]
    log(f"starting kafka on {settings.bootstrap} (log: {settings.kafka_log})")
    started = time.monotonic()
    with open(settings.kafka_log, "ab") as log_fh:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log_fh,
            stderr=subprocess.STDOUT,
            cwd=settings.state_dir,
            start_new_session=True,  # detached: survives this script and its terminal
            close_fds=True,
        )
    settings.kafka_pid_file.write_text(f"{proc.pid}\n")

    deadline = started + KAFKA_READY_TIMEOUT_S
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            settings.kafka_pid_file.unlink(missing_ok=True)
            raise InfraError(f"kafka exited with code {proc.returncode} during start-up; log tail:\n{tail(settings.kafka_log)}")
        try:
            if settings.secure:
                # the plaintext metadata probe cannot speak SASL_SSL: the broker says when it is up
                if "Kafka Server started" in tail(settings.kafka_log, 400) and port_open(settings.kafka_port):
                    log(f"kafka (SASL_SSL) ready; TIMING kafka_startup_s={time.monotonic() - started:.1f}")
                    return
                time.sleep(KAFKA_POLL_INTERVAL_S)
                continue
            brokers, topics = kafka_metadata(settings.kafka_port)
            if brokers:
                log(f"kafka ready: brokers={brokers} topics={topics}")
                log(f"TIMING kafka_startup_s={time.monotonic() - started:.1f}")
                return
        except (OSError, ValueError, struct.error) as exc:
            last_error = exc
        time.sleep(KAFKA_POLL_INTERVAL_S)
    terminate(proc.pid, "kafka")
    settings.kafka_pid_file.unlink(missing_ok=True)
    raise InfraError(
        f"kafka not ready after {KAFKA_READY_TIMEOUT_S:.0f} s (last error: {last_error}); log tail:\n{tail(settings.kafka_log)}"
    )


def stop_kafka(settings: Settings) -> None:
    pid = kafka_running_pid(settings)
    if pid is None:
        log("kafka not running")
    else:
        terminate(pid, "kafka")
        log("kafka stopped")
    settings.kafka_pid_file.unlink(missing_ok=True)


# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------


def find_pg_bin() -> Path | None:
    """Newest /usr/lib/postgresql/<major>/bin that has initdb and pg_ctl."""
    candidates = [
        Path(d)
        for d in glob.glob("/usr/lib/postgresql/*/bin")
        if os.access(Path(d) / "initdb", os.X_OK) and os.access(Path(d) / "pg_ctl", os.X_OK)
    ]
    candidates.sort(key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return candidates[-1] if candidates else None


def ensure_pg_bin() -> Path:
    if (bindir := find_pg_bin()) is not None:
        return bindir
    if os.geteuid() != 0:
        raise InfraError("PostgreSQL server binaries not found and not root: apt-get install -y postgresql")
    log("PostgreSQL not installed: apt-get update && apt-get install -y postgresql")
    started = time.monotonic()
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update"], what="apt-get update", env=env)
    run(["apt-get", "install", "-y", "postgresql"], what="apt-get install postgresql", env=env)
    log(f"TIMING pg_install_s={time.monotonic() - started:.1f}")
    if (bindir := find_pg_bin()) is None:
        raise InfraError("postgresql installed but no initdb/pg_ctl in /usr/lib/postgresql/*/bin")
    return bindir


@dataclass(frozen=True)
class PgRunner:
    """Runs PostgreSQL tools as an unprivileged OS user when we are root."""

    bindir: Path
    user: pwd.struct_passwd | None  # None: run as ourselves (already unprivileged)

    @classmethod
    def create(cls, bindir: Path) -> PgRunner:
        if os.geteuid() != 0:
            return cls(bindir, None)
        try:
            return cls(bindir, pwd.getpwnam(PG_OS_USER))
        except KeyError:
            raise InfraError(f"running as root but OS user '{PG_OS_USER}' does not exist") from None

    def chown(self, path: Path) -> None:
        if self.user is not None:
            os.chown(path, self.user.pw_uid, self.user.pw_gid)

    def run(self, tool: str, *args: str, what: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {
            "PATH": f"{self.bindir}:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "PGPASSWORD": PG_PASSWORD,
            "HOME": self.user.pw_dir if self.user else os.environ.get("HOME", "/"),
        }
        return run(
            [str(self.bindir / tool), *args],
            what=what,
            check=check,
            cwd="/",  # the OS user may not be able to read our cwd
            env=env,
            user=self.user.pw_uid if self.user else None,
            group=self.user.pw_gid if self.user else None,
            start_new_session=True,  # keep the postmaster out of our process group
        )


def check_traversable(path: Path, user: pwd.struct_passwd | None) -> None:
    """Fail early if the PostgreSQL OS user cannot reach ``path``."""
    if user is None:
        return
    for parent in [path, *path.parents]:
        st = parent.stat()
        if st.st_uid == user.pw_uid:
            continue
        if not st.st_mode & 0o001 and not (st.st_gid == user.pw_gid and st.st_mode & 0o010):
            raise InfraError(
                f"OS user '{user.pw_name}' cannot traverse {parent}; choose a --state-dir under a "
                f"world-traversable directory (e.g. /tmp) or chmod o+x {parent}"
            )


PG_CONF_EXTRA = """
# --- added by local_infra.py: a throw-away local test database ---
listen_addresses = '{host}'
unix_socket_directories = ''   # TCP only: no clash with a system cluster's socket
fsync = off                    # test data only: trade durability for speed
synchronous_commit = off
full_page_writes = off
"""


def pg_running(pg: PgRunner, settings: Settings) -> bool:
    if not (settings.pgdata / "PG_VERSION").exists():
        return False
    return pg.run("pg_ctl", "status", "-D", str(settings.pgdata), what="pg_ctl status", check=False).returncode == 0


def start_postgres(settings: Settings) -> None:
    bindir = ensure_pg_bin()
    pg = PgRunner.create(bindir)
    check_traversable(settings.state_dir, pg.user)
    if pg_running(pg, settings):
        log("postgres already running")
        return
    if port_open(settings.pg_port):
        raise InfraError(f"port {settings.pg_port} is already in use by another process")

    if not (settings.pgdata / "PG_VERSION").exists():
        log(f"initdb {settings.pgdata} ({bindir.parent.name})")
        shutil.rmtree(settings.pgdata, ignore_errors=True)  # leftovers of a failed initdb
        settings.pgdata.mkdir(mode=0o700, parents=True)
        pg.chown(settings.pgdata)
        pwfile = settings.state_dir / ".pg-initdb-pw"
        pwfile.write_text(PG_PASSWORD + "\n")
        pwfile.chmod(0o600)
        pg.chown(pwfile)
        initdb_started = time.monotonic()
        try:
            pg.run(
                "initdb",
                "-D",
                str(settings.pgdata),
                "-U",
                PG_USER,
                f"--pwfile={pwfile}",
                "--auth-host=scram-sha-256",
                "--auth-local=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                what="initdb",
            )
        finally:
            pwfile.unlink(missing_ok=True)
        log(f"TIMING pg_initdb_s={time.monotonic() - initdb_started:.1f}")
        with open(settings.pgdata / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(PG_CONF_EXTRA.format(host=LOOPBACK))
        if settings.secure:
            secure_postgres(settings, pg)

    # pg_ctl -l needs a log file the OS user can write.
    settings.pg_log.touch()
    pg.chown(settings.pg_log)
    log(f"starting postgres on {LOOPBACK}:{settings.pg_port} (log: {settings.pg_log})")
    started = time.monotonic()
    pg.run(
        "pg_ctl",
        "start",
        "-D",
        str(settings.pgdata),
        "-l",
        str(settings.pg_log),
        "-w",
        "-t",
        str(PG_START_TIMEOUT_S),
        "-o",
        f"-p {settings.pg_port}",
        what="pg_ctl start",
    )
    # pg_ctl -w only waits for the postmaster; also wait for TCP connections.
    ready = pg.run(
        "pg_isready",
        "-h",
        LOOPBACK,
        "-p",
        str(settings.pg_port),
        "-t",
        str(PG_START_TIMEOUT_S),
        what="pg_isready",
        check=False,
    )
    if ready.returncode != 0:
        raise InfraError(f"postgres does not accept connections; log tail:\n{tail(settings.pg_log)}")
    ensure_database(pg, settings)
    log(f"TIMING pg_startup_s={time.monotonic() - started:.1f}")


def ensure_database(pg: PgRunner, settings: Settings) -> None:
    """Create the application database on first start."""
    conn = ["-h", LOOPBACK, "-p", str(settings.pg_port), "-U", PG_USER]
    exists = pg.run(
        "psql",
        *conn,
        "-d",
        "postgres",
        "-tAc",
        f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'",
        what="psql",
    )
    if exists.stdout.strip() != "1":
        pg.run("createdb", *conn, PG_DATABASE, what="createdb")
        log(f"created database {PG_DATABASE}")


def stop_postgres(settings: Settings) -> None:
    bindir = find_pg_bin()
    if bindir is None or not (settings.pgdata / "PG_VERSION").exists():
        log("postgres not initialised here")
        return
    pg = PgRunner.create(bindir)
    if not pg_running(pg, settings):
        log("postgres not running")
        return
    stopped = pg.run(
        "pg_ctl",
        "stop",
        "-D",
        str(settings.pgdata),
        "-m",
        "fast",
        "-w",
        "-t",
        str(int(STOP_TIMEOUT_S)),
        what="pg_ctl stop",
        check=False,
    )
    if stopped.returncode != 0:
        log("fast shutdown timed out, using immediate mode")
        pg.run("pg_ctl", "stop", "-D", str(settings.pgdata), "-m", "immediate", "-w", what="pg_ctl stop immediate")
    log("postgres stopped")


def postmaster_pid(settings: Settings) -> int | None:
    try:
        return int((settings.pgdata / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None


# --------------------------------------------------------------------------
# Secure mode (--secure): a CA made at start, Kafka SASL_SSL with SCRAM users
# and ACLs (StandardAuthorizer), PostgreSQL with TLS.
# --------------------------------------------------------------------------

# The SCRAM users: one per producer and one for the service. `admin` is the broker's own (inter-broker)
# user and the only super user besides the broker's certificate on the controller listener.
SCRAM_MECHANISM = "SCRAM-SHA-512"
SCRAM_USERS = ("admin", "ciz", "frontoffice", "wlz")
BROKER_CN = "wlz-broker"
PREFIX = [""]  # the --prefix of `acls`

# Kafka protocol codes of the CreateAcls request
TOPIC, GROUP, TRANSACTIONAL_ID = 2, 3, 5
LITERAL, PREFIXED = 3, 4
READ, WRITE, CREATE, DESCRIBE = 3, 4, 5, 8
ALLOW = 3


def ensure_secure_material(settings: Settings) -> None:
    """The CA, the server certificate (SAN 127.0.0.1 and localhost) and the SCRAM passwords, made once per
    state dir with the `cryptography` package. The CA key never leaves the state dir (0600)."""
    import json
    import secrets

    tls = settings.tls_dir
    (settings.state_dir / "secure").write_text("SASL_SSL + TLS\n")
    if not settings.users_file.exists():
        settings.users_file.write_text(json.dumps({u: secrets.token_urlsafe(24) for u in SCRAM_USERS}, indent=2))
        settings.users_file.chmod(0o600)
    if (tls / "server.pem").exists():
        return
    tls.mkdir(mode=0o700, parents=True, exist_ok=True)
    started = time.monotonic()
    ca_key, ca_cert = _ca()
    server_key, server_cert = _server_certificate(ca_key, ca_cert)
    from cryptography.hazmat.primitives import serialization

    pem = serialization.Encoding.PEM
    pkcs8 = serialization.PrivateFormat.PKCS8
    (tls / "ca.pem").write_bytes(ca_cert.public_bytes(pem))
    _write_secret(tls / "ca.key", ca_key.private_bytes(pem, pkcs8, serialization.NoEncryption()))
    key_pem = server_key.private_bytes(pem, pkcs8, serialization.NoEncryption())
    # Kafka's PEM keystore: the key and the chain in one file
    _write_secret(tls / "server.pem", key_pem + server_cert.public_bytes(pem) + ca_cert.public_bytes(pem))
    _write_secret(tls / "server.key", key_pem)
    (tls / "server.crt").write_bytes(server_cert.public_bytes(pem))
    log(f"made a CA and a server certificate in {tls}; TIMING tls_s={time.monotonic() - started:.1f}")


def _write_secret(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    path.chmod(0o600)


def _ca() -> tuple[object, object]:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "wlz-local-ca")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )  # keyCertSign, cRLSign
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _server_certificate(ca_key: object, ca_cert: object) -> tuple[object, object]:
    """Kafka's listeners and PostgreSQL: CN wlz-broker (the broker's principal on the controller
    listener), SAN 127.0.0.1 and localhost, so clients can verify the host name."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, BROKER_CN)]))
        .issuer_name(ca_cert.subject)  # type: ignore[attr-defined]
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(LOOPBACK)), x509.DNSName("localhost")]), critical=False
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())  # type: ignore[arg-type]
    )
    return key, cert


def scram_users(settings: Settings) -> dict[str, str]:
    import json

    return dict(json.loads(settings.users_file.read_text()))


def secure_kafka_properties(settings: Settings) -> dict[str, str]:
    """One SASL_SSL listener for clients and the broker itself; the controller listener on mutual TLS
    (the broker's certificate is its principal there). Every request is authorised by ACLs."""
    tls = settings.tls_dir
    admin = scram_users(settings)["admin"]
    jaas = f'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="{admin}";'
    return {
        "listeners": f"SASL_SSL://{settings.bootstrap},CONTROLLER://{LOOPBACK}:{settings.controller_port}",
        "advertised.listeners": f"SASL_SSL://{settings.bootstrap}",
        "inter.broker.listener.name": "SASL_SSL",
        "listener.security.protocol.map": "CONTROLLER:SSL,SASL_SSL:SASL_SSL",
        "sasl.enabled.mechanisms": SCRAM_MECHANISM,
        "sasl.mechanism.inter.broker.protocol": SCRAM_MECHANISM,
        f"listener.name.sasl_ssl.{SCRAM_MECHANISM.lower()}.sasl.jaas.config": jaas,
        "listener.name.controller.ssl.client.auth": "required",
        "ssl.keystore.type": "PEM",
        "ssl.keystore.location": str(tls / "server.pem"),
        "ssl.truststore.type": "PEM",
        "ssl.truststore.location": str(tls / "ca.pem"),
        "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "super.users": f"User:admin;User:CN={BROKER_CN}",
        "allow.everyone.if.no.acl.found": "false",
        "auto.create.topics.enable": "false",
    }


def scram_format_args(settings: Settings) -> list[str]:
    """`kafka-storage format --add-scram`: the SCRAM credentials are bootstrapped into the metadata log."""
    args: list[str] = []
    for user, password in scram_users(settings).items():
        args += ["--add-scram", f"{SCRAM_MECHANISM}=[name={user},password={password}]"]
    return args


def secure_postgres(settings: Settings, pg: PgRunner) -> None:
    """TLS on, the server certificate of our CA, and no connection over TCP without TLS."""
    for name in ("server.crt", "server.key", "ca.pem"):
        target = settings.pgdata / name
        shutil.copyfile(settings.tls_dir / name, target)
        target.chmod(0o600)
        pg.chown(target)
    with open(settings.pgdata / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write("\n# --- secure mode (local_infra.py --secure) ---\nssl = on\n")
        conf.write("ssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nssl_min_protocol_version = 'TLSv1.2'\n")
    (settings.pgdata / "pg_hba.conf").write_text(
        "# Generated by local_infra.py --secure: TLS required over TCP\n"
        "local   all all                scram-sha-256\n"
        "hostssl all all 127.0.0.1/32   scram-sha-256\n"
        "hostssl all all ::1/128        scram-sha-256\n"
        "hostnossl all all 0.0.0.0/0    reject\n"
        "hostnossl all all ::/0         reject\n"
    )


def secure_env(settings: Settings) -> dict[str, str]:
    """What the service needs: SASL_SSL as user `wlz`, the CA; the database URL already says verify-full."""
    return {
        "WLZ_SECURITY_PROTOCOL": "SASL_SSL",
        "WLZ_SASL_MECHANISM": SCRAM_MECHANISM,
        "WLZ_SASL_USERNAME": "wlz",
        "WLZ_SASL_PASSWORD": scram_users(settings)["wlz"],
        "WLZ_SSL_CAFILE": str(settings.tls_dir / "ca.pem"),
    }


def acl_entries(prefix: str) -> list[tuple[int, str, int, str, int]]:
    """(resource type, name, pattern, principal, operation): CIZ writes indications, the front office
    requests; the service reads both and writes its own topics, in its group and under its transactional
    ids. Nobody else gets anything (allow.everyone.if.no.acl.found=false)."""
    outputs = ("besluiten", "cak.zorgmutaties", "svb.budgetten", "rapportage.plafondalerts", "dlq")
    t = {name: f"{prefix}wlz.{name}" for name in ("indicaties", "aanvragen", *outputs)}
    entries = [
        (TOPIC, t["indicaties"], LITERAL, "User:ciz", WRITE),
        (TOPIC, t["indicaties"], LITERAL, "User:ciz", DESCRIBE),
        (TOPIC, t["aanvragen"], LITERAL, "User:frontoffice", WRITE),
        (TOPIC, t["aanvragen"], LITERAL, "User:frontoffice", DESCRIBE),
        (TOPIC, f"{prefix}wlz.", PREFIXED, "User:wlz", READ),
        (TOPIC, f"{prefix}wlz.", PREFIXED, "User:wlz", DESCRIBE),
        (TOPIC, f"{prefix}wlz.", PREFIXED, "User:wlz", CREATE),
        # the group (WLZ_GROUP_ID) and the publishers' transactional ids start with the prefix, or with "wlz-"
        (GROUP, prefix or "wlz-", PREFIXED, "User:wlz", READ),
        (TRANSACTIONAL_ID, prefix or "wlz-", PREFIXED, "User:wlz", WRITE),
        (TRANSACTIONAL_ID, prefix or "wlz-", PREFIXED, "User:wlz", DESCRIBE),
    ]
    entries += [(TOPIC, t[name], LITERAL, "User:wlz", WRITE) for name in outputs]
    return entries


def set_acls(settings: Settings, prefix: str) -> None:
    """Create the ACLs through the Kafka admin protocol (CreateAcls, as the super user `admin`), with
    aiokafka's protocol classes: no Java tooling needed."""
    import asyncio
    import ssl

    from aiokafka.admin import AIOKafkaAdminClient
    from aiokafka.protocol.admin import CreateAclsRequest

    async def create() -> None:
        admin = AIOKafkaAdminClient(
            bootstrap_servers=settings.bootstrap,
            security_protocol="SASL_SSL",
            sasl_mechanism=SCRAM_MECHANISM,
            sasl_plain_username="admin",
            sasl_plain_password=scram_users(settings)["admin"],
            ssl_context=ssl.create_default_context(cafile=str(settings.tls_dir / "ca.pem")),
        )
        await admin.start()
        try:
            for resource, name, pattern, principal, operation in acl_entries(prefix):
                response = await admin._send_request(CreateAclsRequest(resource, name, pattern, principal, "*", operation, ALLOW))
                for error_code, error_message in response.creation_responses:
                    if error_code:
                        raise InfraError(f"CreateAcls {principal} {operation} {name}: {error_code} {error_message}")
        finally:
            await admin.close()

    started = time.monotonic()
    for attempt in range(30):  # the SCRAM users are usable a moment after the broker says it started
        try:
            asyncio.run(create())
            break
        except InfraError:
            raise
        except Exception as exc:
            if attempt == 29:
                raise InfraError(f"could not create the ACLs: {exc!r}") from exc
            time.sleep(1.0)
    log(f"ACLs set for prefix {prefix!r}; TIMING acls_s={time.monotonic() - started:.1f}")


def cmd_acls(settings: Settings) -> int:
    """`acls --prefix P`: the same ACLs for topics under another prefix (the tests use one per test)."""
    if not settings.secure or not settings.kafka_properties.exists():
        raise InfraError("acls: this state dir was not started with --secure")
    # the broker's port as it was started (the command line of `acls` need not repeat it)
    listeners = next(r for r in settings.kafka_properties.read_text().splitlines() if r.startswith("advertised.listeners="))
    port = int(listeners.rsplit(":", 1)[1])
    set_acls(dataclasses.replace(settings, kafka_port=port), PREFIX[0])
    return 0


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------


def write_env(settings: Settings, values: dict[str, str]) -> str:
    text = "".join(f"export {key}={shlex.quote(value)}\n" for key, value in values.items())
    settings.env_file.write_text(text)
    return text


def cmd_start(settings: Settings) -> int:
    started = time.monotonic()
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    env_values: dict[str, str] = {}
    started_here: list[Callable[[Settings], None]] = []
    try:
        if settings.secure:
            ensure_secure_material(settings)
        if existing := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
            log(f"KAFKA_BOOTSTRAP_SERVERS already set ({existing}); not starting kafka")
            env_values["KAFKA_BOOTSTRAP_SERVERS"] = existing
        else:
            start_kafka(settings)
            started_here.append(stop_kafka)
            env_values["KAFKA_BOOTSTRAP_SERVERS"] = settings.bootstrap
            if settings.secure:
                set_acls(settings, "")

        if existing := os.environ.get("DATABASE_URL"):
            log("DATABASE_URL already set; not starting postgres")
            env_values["DATABASE_URL"] = existing
        else:
            start_postgres(settings)
            started_here.append(stop_postgres)
            env_values["DATABASE_URL"] = settings.database_url
    except BaseException:
        # Do not leave half of the infrastructure running after a failure.
        for stop in reversed(started_here):
            try:
                stop(settings)
            except Exception as exc:
                log(f"cleanup failed: {exc}")
        raise
    if settings.secure:
        env_values |= secure_env(settings)
    sys.stdout.write(write_env(settings, env_values))
    log(f"TIMING start_total_s={time.monotonic() - started:.1f}")
    return 0


def cmd_stop(settings: Settings) -> int:
    if not settings.state_dir.exists():
        log(f"no state dir {settings.state_dir}; nothing to stop")
        return 0
    errors: list[str] = []
    for stop in (stop_kafka, stop_postgres):
        try:
            stop(settings)
        except InfraError as exc:
            errors.append(str(exc))
    for err in errors:
        log(err)
    return 1 if errors else 0


def cmd_status(settings: Settings) -> int:
    """Print one line per component; exit 0 only if both are up."""
    ok = True
    pid = kafka_running_pid(settings)
    if pid is None:
        print("kafka: stopped")
        ok = False
    else:
        try:
            if settings.secure or (settings.state_dir / "secure").exists():
                answer = "SASL_SSL, port open" if port_open(settings.kafka_port) else "SASL_SSL, port closed"
            else:
                brokers, topics = kafka_metadata(settings.kafka_port)
                answer = f"ready, brokers={brokers}, topics={len(topics)}"
        except (OSError, ValueError, struct.error) as exc:
            answer, ok = f"not answering ({exc})", False
        rss = rss_mib(pid)
        print(f"kafka: running pid={pid} rss={rss:.0f}MiB {settings.bootstrap} {answer}")

    bindir = find_pg_bin()
    if bindir is None or not pg_running(PgRunner.create(bindir), settings):
        print("postgres: stopped")
        ok = False
    else:
        pm = postmaster_pid(settings)
        rss = rss_mib(pm) if pm else None
        rss_text = f" rss={rss:.0f}MiB(postmaster)" if rss is not None else ""
        print(f"postgres: running pid={pm}{rss_text} {settings.database_url}")
    if settings.env_file.exists():
        print(f"env file: {settings.env_file}")
    return 0 if ok else 1


def parse_args(argv: list[str]) -> tuple[str, Settings]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["start", "stop", "status", "acls"])
    parser.add_argument("--state-dir", required=True, type=Path, help="where data, logs, pids and env live")
    parser.add_argument("--kafka-port", type=int, default=DEFAULT_KAFKA_PORT, help="broker (PLAINTEXT) port")
    parser.add_argument("--controller-port", type=int, default=DEFAULT_CONTROLLER_PORT, help="KRaft controller port")
    parser.add_argument("--pg-port", type=int, default=DEFAULT_PG_PORT, help="PostgreSQL port")
    parser.add_argument(
        "--secure",
        action="store_true",
        help="Kafka with SASL_SSL (SCRAM users, a CA made here) and ACLs, PostgreSQL with TLS; needs the `cryptography` "
        "and `aiokafka` packages (the project's .venv)",
    )
    parser.add_argument("--prefix", default="", help="acls: the topic prefix to grant the producers and the service on")
    args = parser.parse_args(argv)
    cache_root = Path(os.environ.get("WLZ_INFRA_CACHE") or Path.home() / ".cache" / "wlz-infra")
    settings = Settings(
        state_dir=args.state_dir.expanduser().resolve(),
        kafka_port=args.kafka_port,
        controller_port=args.controller_port,
        pg_port=args.pg_port,
        cache_root=cache_root.expanduser().resolve(),
        secure=args.secure or (args.state_dir.expanduser().resolve() / "secure").exists(),
    )
    PREFIX[0] = args.prefix
    return args.command, settings


def main(argv: list[str] | None = None) -> int:
    command, settings = parse_args(sys.argv[1:] if argv is None else argv)
    handlers: dict[str, Callable[[Settings], int]] = {"start": cmd_start, "stop": cmd_stop, "status": cmd_status, "acls": cmd_acls}
    try:
        return handlers[command](settings)
    except InfraError as exc:
        log(f"ERROR: {exc}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
