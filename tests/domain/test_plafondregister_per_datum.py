"""The register keeps the sum of its tranches per date of receipt beside them (services/domain/
plafondregister.py), so a reading (art. 5.10 with Awb art. 4:25: what others received on or before this
request's date took first) sums at most a year of days instead of every tranche of the region. The
property: after any sequence of grants, raises and reductions, the kept sums are exactly the tranches'
sums, and the reading equals the one computed from the tranches themselves."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from services.domain.plafondregister import RegisterStand, lezing, met_bedrag, te_herzien

CASES = [UUID(int=n) for n in range(1, 6)]
DAGEN = st.integers(0, 365).map(lambda n: date(2020, 1, 1) + timedelta(days=n))


@settings(max_examples=200, deadline=None)
@given(
    stappen=st.lists(st.tuples(st.sampled_from(CASES), st.integers(0, 5_000_000), DAGEN), max_size=40),
    peildatum=DAGEN,
)
def test_art_5_10_lezing_uit_de_sommen_per_datum_gelijk_aan_uit_de_tranches(
    stappen: list[tuple[UUID, int, date]], peildatum: date
) -> None:
    stand = RegisterStand("Utrecht", 2020, "8.12", 100_000_000)
    for n, (case_id, bedrag, ontvangen) in enumerate(stappen):
        stand = met_bedrag(stand, case_id, bedrag, ontvangen, UUID(int=1000 + n))
    verwacht: dict[date, int] = {}
    for tranches in stand.toewijzingen.values():
        for t in tranches:
            verwacht[t.ontvangstdatum] = verwacht.get(t.ontvangstdatum, 0) + t.bedrag
    assert stand.per_datum == {d.toordinal(): s for d, s in verwacht.items() if s}
    for case_id in CASES:
        gelezen = lezing(stand, case_id, peildatum, "wettelijk")
        eerder = sum(
            t.bedrag for c, tranches in stand.toewijzingen.items() if c != case_id for t in tranches if t.ontvangstdatum <= peildatum
        )
        assert gelezen.eerder_toegewezen == eerder
        assert gelezen.later_toegewezen == stand.totaal - stand.van(case_id) - eerder


@settings(max_examples=200, deadline=None)
@given(stappen=st.lists(st.tuples(st.sampled_from(CASES), st.integers(0, 5_000_000), DAGEN), min_size=1, max_size=40))
def test_art_5_10_een_boeking_laat_de_vorige_stand_zoals_hij_was(stappen: list[tuple[UUID, int, date]]) -> None:
    """The register's holders are a persistent map shared between stands: a batch books on its copy while
    the kept register (and a reading made before the booking) must still show the stand before it."""
    standen = [RegisterStand("Utrecht", 2020, "8.12", 100_000_000)]
    gezien = [({}, 0)]
    for n, (case_id, bedrag, ontvangen) in enumerate(stappen):
        standen.append(met_bedrag(standen[-1], case_id, bedrag, ontvangen, UUID(int=1000 + n)))
        gezien.append((dict(standen[-1].toewijzingen.items()), standen[-1].totaal))
    for stand, (toewijzingen, totaal) in zip(standen, gezien, strict=True):
        assert dict(stand.toewijzingen.items()) == toewijzingen
        assert sum(t.bedrag for tranches in toewijzingen.values() for t in tranches) == totaal == stand.totaal


def _te_herzien_over_alle_tranches(stand: RegisterStand, case_id: UUID, ontvangstdatum: date, verhoging: int) -> list[tuple[UUID, int]]:
    """Awb art. 4:25 lid 3 as it was computed before the day index: every later-received tranche of the
    region, most recently received first (date, then order of recording), until the overrun is covered."""
    plafond = stand.plafond
    if plafond is None or verhoging <= 0:
        return []
    over = min(stand.totaal - plafond, verhoging)
    later = sorted(
        ((t, c) for c, tranches in stand.toewijzingen.items() if c != case_id for t in tranches if t.ontvangstdatum > ontvangstdatum),
        key=lambda x: (x[0].ontvangstdatum, x[0].volgnummer),
        reverse=True,
    )
    verlagingen: dict[UUID, int] = {}
    for tranche, c in later:
        if over <= 0:
            break
        af = min(over, tranche.bedrag)
        verlagingen[c] = verlagingen.get(c, 0) + af
        over -= af
    return sorted(verlagingen.items(), key=lambda x: str(x[0]))


@settings(max_examples=300, deadline=None)
@given(
    stappen=st.lists(st.tuples(st.sampled_from(CASES), st.integers(0, 5_000_000), DAGEN), max_size=40),
    peildatum=DAGEN,
    verhoging=st.integers(0, 8_000_000),
    plafond=st.integers(0, 12_000_000),
)
def test_art_4_25_lid_3_te_herzien_uit_de_dagindex_gelijk_aan_over_alle_tranches(
    stappen: list[tuple[UUID, int, date]], peildatum: date, verhoging: int, plafond: int
) -> None:
    """The register keeps per day the cases with a tranche received on it; the grants to review after an
    earlier-received request are read from the latest days back, and must be exactly those a scan of every
    tranche of the region gives (the same cases, the same amounts)."""
    stand = RegisterStand("Utrecht", 2020, "8.12", plafond)
    for n, (case_id, bedrag, ontvangen) in enumerate(stappen):
        stand = met_bedrag(stand, case_id, bedrag, ontvangen, UUID(int=1000 + n))
    verwacht: dict[int, frozenset[UUID]] = {}
    for c, tranches in stand.toewijzingen.items():
        for t in tranches:
            verwacht[t.ontvangstdatum.toordinal()] = verwacht.get(t.ontvangstdatum.toordinal(), frozenset()) | {c}
    assert dict(stand.op_dag.items()) == verwacht
    for case_id in CASES:
        assert te_herzien(stand, case_id, peildatum, verhoging) == _te_herzien_over_alle_tranches(stand, case_id, peildatum, verhoging)
