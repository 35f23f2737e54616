"""`wlz serve` without a broker: it keeps trying with backoff for WLZ_START_TIMEOUT seconds, then says in
one line what it could not reach and exits 5 (connection failure), without a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _dichte_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the block ends: nothing listens there


def test_serve_zonder_broker_probeert_opnieuw_en_stopt_met_een_regel_en_code_5(tmp_path: Path) -> None:
    poort = _dichte_poort()
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{poort}",
        "WLZ_PERSISTENCE": "sqlite",
        "WLZ_DATA_DIR": str(tmp_path / "data"),
        "WLZ_START_TIMEOUT": "4",
        "WLZ_LOG_FORMAT": "json",
        "WLZ_ONTWIKKELING": "1",  # the development key is fine here (services/startcontrole.py)
    }
    begin = time.monotonic()
    uit = subprocess.run(
        [sys.executable, "-m", "services.adapters.cli", "serve", "--port", "0"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    duur = time.monotonic() - begin
    assert uit.returncode == 5, uit.stderr[-2000:]
    assert "Traceback" not in uit.stdout + uit.stderr
    laatste = uit.stderr.strip().splitlines()[-1]
    assert laatste == f"geen verbinding: broker 127.0.0.1:{poort} onbereikbaar (KafkaConnectionError) na 4 s"
    pogingen = [r for r in uit.stderr.splitlines() if "Retrying" in r]
    assert len(pogingen) >= 2, uit.stderr  # backoff: tried again, more than once
    assert duur >= 4
