"""The event store on PostgreSQL through the eventsourcing library: the demo scenario recorded, and
read back identically by a second application instance."""

from __future__ import annotations

import pytest

from events import parse_inbound
from services.demo import SCENARIO
from services.domain.toestand import opbouwen
from tests.integration.conftest import Omgeving

pytestmark = pytest.mark.integration


def test_demo_op_postgres_en_herbouw_door_tweede_instantie(omgeving: Omgeving) -> None:
    eerste = omgeving.service()
    besluiten = []
    with SCENARIO.open(encoding="utf-8") as invoer:
        for regel in invoer:
            besluiten += eerste.verwerk(parse_inbound(regel))
    assert len(besluiten) == 27
    tweede = omgeving.service()
    for case_id in {b.case_id for b in besluiten}:
        assert case_id is not None
        assert tweede.toestand(case_id) == eerste.toestand(case_id)
        assert opbouwen(tweede.historie(case_id)) == eerste.toestand(case_id)
    laatste, berichten = tweede.berichten_na(0, 10_000)
    assert len(berichten) == 25 + 27 and laatste >= len(berichten)
