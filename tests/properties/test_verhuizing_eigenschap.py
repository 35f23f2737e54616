"""Property (hypothesis): whatever a client does in 2020 - move between regions, ask PGB or MPT + PGB, EKT,
end the indication - each region's plafond register and plafond ledger hold exactly that region's part of
the client's latest budget, the parts add up to the budget, the rebuild equals the live ledgers and an
audit recomputes every decision.

# Regeling art. 5.10 with art. 8.12: the PGB plafond is per region and year; each region carries the days
#   under its indication (tests/domain/test_art_5_10_8_12_verhuizing.py works the amounts by hand).
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import InboundEvent
from events import besluiten as b
from projections.audit import audit
from services.application import OngeldigBericht, WlzService
from services.settings import Settings
from tests.conftest import BSN, bericht, indicatie
from tests.domain.test_art_5_10_8_12_verhuizing import _ledgers

REGIOS = ["Utrecht", "Flevoland", "Amsterdam"]
STAPPEN = st.lists(
    st.tuples(st.sampled_from(["verhuizing", "pgb", "mpt_pgb", "ekt", "einde"]), st.integers(1, 364), st.sampled_from(REGIOS)),
    min_size=1,
    max_size=6,
)


def _verwerk(service: WlzService, event: InboundEvent) -> None:
    """A message the service refuses as unusable (an end before the indication's start) changes nothing."""
    with suppress(OngeldigBericht):
        service.verwerk(event)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(stappen=STAPPEN)
def test_art_5_10_art_8_12_elke_regio_draagt_precies_haar_deel(tmp_path_factory: Any, stappen: list[tuple[str, int, str]]) -> None:
    tmp_path = tmp_path_factory.mktemp("verhuizingen")
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    service.verwerk(indicatie("5VV", regio="Utrecht"))
    pgb = {"bsn": BSN, "leveringsvormen": ["pgb"], "ingangsdatum": "2020-01-01", "ontvangstdatum": "2020-01-01", "gewaarborgde_hulp": True}
    service.verwerk(bericht("LeveringsvormAangevraagd", pgb))
    huidig = "CIZ-5VV-2020-01-01"
    for n, (soort, dag_nummer, regio) in enumerate(stappen):
        dag = (date(2020, 1, 1) + timedelta(days=dag_nummer)).isoformat()
        if soort == "verhuizing":
            huidig = f"CIZ-{n}"
            payload = {"bsn": BSN, "indicatiebesluit_id": huidig, "zorgprofiel": "5VV", "ingangsdatum": dag, "geboortedatum": "1940-01-01"}
            _verwerk(service, bericht("IndicatieOntvangen", {**payload, "regio": regio}))
        elif soort in ("pgb", "mpt_pgb"):
            aanvraag: dict[str, Any] = {**pgb, "ingangsdatum": dag, "ontvangstdatum": dag}
            if soort == "mpt_pgb":
                aanvraag |= {"leveringsvormen": ["mpt", "pgb"], "mpt_kosten_per_jaar": 2_000_000}
            _verwerk(service, bericht("LeveringsvormAangevraagd", aanvraag))
        elif soort == "ekt":
            ekt = {"bsn": BSN, "ingangsdatum": dag, "ontvangstdatum": dag, "zorgkosten_per_jaar": 6_000_000}
            _verwerk(service, bericht("EKTAangevraagd", ekt))
        else:
            _verwerk(service, bericht("IndicatieBeeindigd", {"bsn": BSN, "indicatiebesluit_id": huidig, "einddatum": dag}))

    case_id = service.case_id(BSN)
    budgetten = [e.payload for e in service.historie(case_id) if isinstance(e, b.BudgetVastgesteld) and e.payload.jaar == 2020]
    for budget in budgetten:
        if budget.per_regio:
            assert sum(d.totaal for d in budget.per_regio) == budget.totaal
            assert sum(d.pgb_deel for d in budget.per_regio) == budget.pgb_deel
            assert all(d.totaal >= 0 and d.pgb_deel >= 0 for d in budget.per_regio)
    laatste = budgetten[-1].pgb_per_regio()
    for regio in REGIOS:
        register = service.plafondregister(regio, 2020)
        assert register is not None and register.stand.van(case_id) == laatste.get(regio, 0)
    verschillen, live, herbouwd, _ = _ledgers(service, tmp_path)
    assert verschillen == []
    for regels in (live, herbouwd):
        assert {r.regio: r.toegekend_pgb for r in regels if r.toegekend_pgb} == {r: x for r, x in laatste.items() if x}
    assert audit(service, case_id, date(2099, 12, 31)).verschillen == []
