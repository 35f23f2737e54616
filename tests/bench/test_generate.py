"""The benchmark generator: deterministic by seed, and valid under the 2020 rules."""

from __future__ import annotations

import json
from collections import Counter

from bench.generate import historie
from events import parse_inbound
from events.regios import ZORGKANTOORREGIOS
from services.application import WlzService


def test_zelfde_seed_zelfde_historie() -> None:
    assert list(historie(50, seed=7)) == list(historie(50, seed=7))
    assert list(historie(50, seed=7)) != list(historie(50, seed=8))


def test_historie_is_geldig_en_realistisch(service: WlzService) -> None:
    besluiten: Counter[str] = Counter()
    regios: Counter[str] = Counter()
    for bericht in historie(300, seed=11):
        event = parse_inbound(json.dumps(bericht))  # valid under the contract
        if bericht["event_type"] == "IndicatieOntvangen":
            regios[bericht["payload"]["regio"]] += 1
        besluiten.update(b.event_type for b in service.verwerk(event))
    assert set(regios) <= set(ZORGKANTOORREGIOS) and len(regios) > 20
    assert besluiten["LeveringsvormToegekend"] >= 0.95 * 300  # valid under the 2020 rules: nearly all granted
    assert besluiten["EKTToegekend"] > 0 and besluiten["MeerzorgGestart"] > 0 and besluiten["LeveringsvormBeeindigd"] > 0
