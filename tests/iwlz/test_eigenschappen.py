"""Property (hypothesis): whatever toewijzing requests come in, in whatever order, the toewijzingen of
one leveringsvorm never add up to more than 100% on any day, and each lies within a granted period."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from services.domain.beslissen import beslis
from services.domain.toestand import CaseToestand, toepassen
from tests.conftest import BSN, aanvraag, bericht, indicatie

CASE = UUID("00000000-0000-4000-8000-00000000c0de")
TIJD = datetime(2020, 1, 1, tzinfo=UTC)
verzoek = st.tuples(st.sampled_from(["11111111", "22222222", "33333333"]), st.sampled_from([25, 50, 75, 100]), st.integers(0, 300))


def _neem(toestand: CaseToestand, event: object) -> CaseToestand:
    toestand = toepassen(toestand, event)  # type: ignore[arg-type]
    for besluit in beslis(toestand, event, CASE, TIJD):  # type: ignore[arg-type]
        toestand = toepassen(toestand, besluit)
    return toestand


@settings(max_examples=60, deadline=None)
@given(st.lists(verzoek, min_size=1, max_size=8))
def test_omvang_nooit_boven_100_procent(verzoeken: list[tuple[str, int, int]]) -> None:
    toestand = _neem(CaseToestand(), indicatie("6VG"))
    toestand = _neem(toestand, aanvraag(["mpt"], begeleiding_groeps="nee", mpt_kosten_per_jaar=1_000_000))
    for aanbieder, omvang, dag in verzoeken:
        van = (date(2020, 1, 1) + timedelta(days=dag)).isoformat()
        payload = {"bsn": BSN, "zorgaanbieder": aanbieder, "leveringsvorm": "mpt", "ingangsdatum": van, "omvang_procent": omvang}
        toestand = _neem(toestand, bericht("ToewijzingAangevraagd", payload))
    grenzen = {w.periode.van for w in toestand.toewijzingen} | {w.periode.tot for w in toestand.toewijzingen if w.periode.tot}
    for dag in grenzen:
        assert sum(w.omvang_procent for w in toestand.toewijzingen if w.periode.bevat(dag)) <= 100, dag
    for w in toestand.toewijzingen:
        assert toestand.toekenning_op(w.periode.van) is not None
