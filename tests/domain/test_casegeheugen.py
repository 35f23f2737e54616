"""The cases kept in memory between batches (services/casegeheugen.py): a batch reads only what was
recorded on a kept case since, sees what another instance recorded on it, is decided again when a write
comes between its read and its append, and a kept case leaves memory when its time is up or its person
is erased. The review of later-received grants (Awb art. 4:25 lid 3 with art. 5.10) reads the cases under
review together, and decides exactly as without the memory."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import InboundEvent
from events import besluiten as b
from events.envelope import nu
from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.application import WlzService
from services.casegeheugen import Casegeheugen
from services.domain.aggregate import WlzCase
from services.regeling.geld import euro
from services.settings import Settings
from tests.conftest import BSN, BSN_2, aanvraag, bericht, indicatie

RUW = RuwBericht(None, b"", ())
UTRECHT_2020 = euro(173_032_260)
VIJF_VV = euro(52_286)


class Klok:
    def __init__(self) -> None:
        self.nu = 0.0

    def __call__(self) -> float:
        return self.nu


def _case(case_id: UUID, versie: int) -> WlzCase:
    case = WlzCase(case_id)
    vars(case)["_version"] = versie
    vars(case)["_pending_events"] = []
    return case


class TestHetGeheugen:
    def test_een_kopie_met_de_versie_waarna_gelezen_wordt(self) -> None:
        geheugen = Casegeheugen(10)
        case = _case(uuid4(), 3)
        geheugen.bewaar([case])
        kopie = geheugen.neem([case.id, uuid4()])
        assert list(kopie) == [case.id] and kopie[case.id] is not case and kopie[case.id].version == 3
        kopie[case.id].toestand = None  # type: ignore[assignment]  # a batch changes its copy only
        assert geheugen.neem([case.id])[case.id].toestand is case.toestand

    def test_een_oudere_versie_vervangt_geen_nieuwere(self) -> None:
        geheugen = Casegeheugen(10)
        case_id = uuid4()
        geheugen.bewaar([_case(case_id, 5)])
        geheugen.bewaar([_case(case_id, 4)])
        assert geheugen.neem([case_id])[case_id].version == 5

    def test_na_de_bewaartijd_weg(self) -> None:
        """As long as a personal key may stay cached (Kluis.BEWAARTIJD), no longer."""
        klok = Klok()
        geheugen = Casegeheugen(10, bewaartijd=30.0, klok=klok)
        oud, jong = _case(uuid4(), 1), _case(uuid4(), 1)
        geheugen.bewaar([oud])
        klok.nu = 20.0
        geheugen.bewaar([jong])
        klok.nu = 30.0
        assert set(geheugen.neem([oud.id, jong.id])) == {jong.id} and len(geheugen) == 1
        klok.nu = 50.0
        assert geheugen.neem([jong.id]) == {} and len(geheugen) == 0

    def test_hoogstens_maximum_de_oudste_eerst_weg(self) -> None:
        geheugen = Casegeheugen(2)
        cases = [_case(uuid4(), 1) for _ in range(3)]
        geheugen.bewaar(cases)
        assert set(geheugen.neem(c.id for c in cases)) == {cases[1].id, cases[2].id}

    def test_nul_bewaart_niets(self) -> None:
        geheugen = Casegeheugen(0)
        case = _case(uuid4(), 1)
        geheugen.bewaar([case])
        assert geheugen.neem([case.id]) == {} and len(geheugen) == 0


def _reeks(service: WlzService, berichten: Iterable[InboundEvent], start: int, partitie: int = 0) -> int:
    """One batch of these messages from one partition; returns the next offset."""
    reeks = [(Ontvangen(Bronpositie("t", partitie, start + n), RUW), x) for n, x in enumerate(berichten)]
    service.verwerk_reeks(reeks)
    return start + len(reeks)


def _vers(pad: Path, case_id: UUID) -> Any:
    """The case's state as a fresh process reads it from the store."""
    return WlzService(Settings(data_dir=pad, case_geheugen=0)).toestand(case_id)


def test_een_bewaarde_case_ziet_wat_een_andere_instantie_vastlegde(tmp_path: Path) -> None:
    pad = tmp_path / "store"
    a, b_ = WlzService(Settings(data_dir=pad)), WlzService(Settings(data_dir=pad))
    case_id = a.case_id(BSN)
    offset = _reeks(a, [indicatie("5VV")], 0)
    kept = a.geheugen.neem([case_id])[case_id].version
    assert kept == _in_de_store(pad, case_id).version  # as committed
    offset = _reeks(b_, [aanvraag(["mpt"])], offset)  # b records on the case a keeps
    gelezen: list[dict[UUID, int]] = []
    echte = a.recorder.posities_en_events  # type: ignore[attr-defined]

    def telt(namen: Any, ids: Any, na: Any = None) -> Any:
        gelezen.append(dict(na or {}))
        return echte(namen, ids, na)

    a.recorder.posities_en_events = telt  # type: ignore[attr-defined]
    _reeks(a, [aanvraag(["pgb"], van="2020-02-01")], offset)
    assert gelezen == [{case_id: kept}]  # only what was recorded after the kept version
    bewaard = a.geheugen.neem([case_id])[case_id]
    assert bewaard.toestand == _vers(pad, case_id) and bewaard.version == _in_de_store(pad, case_id).version


def test_een_schrijver_tussen_lezen_en_vastleggen_geeft_een_nieuwe_poging(tmp_path: Path) -> None:
    """b commits right after a read what was recorded on the case: a's append fails on the version
    (optimistic concurrency), and a decides again on what b recorded."""
    pad = tmp_path / "store"
    a, b_ = WlzService(Settings(data_dir=pad)), WlzService(Settings(data_dir=pad))
    case_id = a.case_id(BSN)
    offset = _reeks(a, [indicatie("5VV")], 0)
    echte = a.recorder.posities_en_events  # type: ignore[attr-defined]
    pogingen: list[int] = []

    def b_ertussen(namen: Any, ids: Any, na: Any = None) -> Any:
        gelezen = echte(namen, ids, na)
        pogingen.append(len(gelezen[1]))
        if len(pogingen) == 1:
            _reeks(b_, [aanvraag(["mpt"])], offset, partitie=1)
        return gelezen

    a.recorder.posities_en_events = b_ertussen  # type: ignore[attr-defined]
    _reeks(a, [aanvraag(["pgb"], van="2020-02-01")], offset)
    assert pogingen[0] == 0 and len(pogingen) == 2 and pogingen[1] > 0  # the second read found b's events
    assert a.geheugen.neem([case_id])[case_id].toestand == _vers(pad, case_id)
    soorten = [type(x).__name__ for x in a.historie(case_id)]
    assert soorten.count("LeveringsvormAangevraagd") == 2  # both requests recorded, once each


def test_avg_art_17_gewist_is_uit_het_geheugen(tmp_path: Path) -> None:
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    case_id = service.case_id(BSN)
    _reeks(service, [indicatie("5VV")], 0)
    assert case_id in service.geheugen.neem([case_id])
    service.wis_persoon(case_id, "verzoek", date(2020, 6, 1))
    assert service.geheugen.neem([case_id]) == {}


def _pgb(vormen: list[str], ontvangen: str, bsn: str, gemeld: str) -> InboundEvent:
    payload = {"bsn": bsn, "leveringsvormen": vormen, "ingangsdatum": "2020-01-01", "ontvangstdatum": ontvangen}
    return bericht("LeveringsvormAangevraagd", {**payload, "gewaarborgde_hulp": True}, dag=gemeld)


def _herziening(pad: Path, geheugen: int, vers_voor_a: bool) -> tuple[list[int], list[dict[UUID, int]], int, int]:
    """Plafond 60.000; B (received 20 January) decided first, then A (received 10 January): B's grant is
    reviewed (Awb art. 4:25 lid 3) to 52.286 - (2 x 52.286 - 60.000) = 7.714 (tests/domain/test_plafond.py).
    Returns B's PGB per decision, the reads of the review, the whole-case reads of the repository, and
    how many events B's case had before the review."""
    service = WlzService(Settings(data_dir=pad, case_geheugen=geheugen))
    service.leg_overheveling_vast(
        b.PgbPlafondOvergeheveld(
            event_id=uuid4(),
            occurred_at=nu(),
            payload=b.PgbPlafondOvergeheveldPayload(
                regio="Utrecht",
                jaar=2020,
                bedrag=-(UTRECHT_2020 - euro(60_000)),
                referentie="NZa",
                besluitdatum=date(2020, 4, 17),
                bron="NZa",
            ),
        )
    )
    offset = _reeks(service, [indicatie("5VV", bsn=BSN_2), indicatie("5VV")], 0)
    tijd = datetime(2020, 3, 1, 12, tzinfo=UTC)
    offset = _reeks(service, [_pgb(["pgb"], "2020-01-20", BSN_2, "2020-03-01")], offset)
    if vers_voor_a:
        service = WlzService(Settings(data_dir=pad, case_geheugen=geheugen))
    voor = _in_de_store(pad, service.case_id(BSN_2)).version
    reads: list[dict[UUID, int]] = []
    heel: list[UUID] = []
    echte_na, echte_get = service.recorder.events_after, service.repository.get  # type: ignore[attr-defined]
    service.recorder.events_after = lambda versies: reads.append(dict(versies)) or echte_na(versies)  # type: ignore[attr-defined]
    service.repository.get = lambda case_id, **kw: heel.append(case_id) or echte_get(case_id, **kw)  # type: ignore[method-assign]
    service.verwerk_reeks([(Ontvangen(Bronpositie("t", 0, offset), RUW), _pgb(["pgb"], "2020-01-10", BSN, "2020-03-02"))], tijd)
    budgetten = [x.payload.pgb_deel for x in service.historie(service.case_id(BSN_2)) if isinstance(x, b.BudgetVastgesteld)]
    herzien = [r for r in reads if service.case_id(BSN_2) in r]
    return budgetten, herzien, len(heel), voor


@pytest.mark.parametrize("vers_voor_a", [False, True], ids=["bewaard", "niet-bewaard"])
def test_awb_4_25_lid_3_herziening_leest_de_cases_in_een_keer(tmp_path: Path, vers_voor_a: bool) -> None:
    budgetten, reads, heel, voor = _herziening(tmp_path / "met", 50_000, vers_voor_a)
    assert budgetten == [VIJF_VV, euro(7_714)]
    assert heel == 0 and len(reads) == 1  # the case under review in one read, none whole through the repository
    (versie,) = reads[0].values()
    assert versie == (0 if vers_voor_a else voor)  # kept: only what came after its indication and grant
    zonder, _, _, _ = _herziening(tmp_path / "zonder", 0, vers_voor_a)
    assert zonder == budgetten


BERICHTEN = st.lists(
    st.tuples(
        st.sampled_from([BSN, BSN_2]),
        st.sampled_from(["indicatie", "mpt", "pgb", "verhoogd"]),
        st.sampled_from(["a", "b"]),
        st.booleans(),  # the batch ends after this message
    ),
    min_size=1,
    max_size=8,
)


def _bericht(bsn: str, soort: str) -> InboundEvent:
    if soort == "indicatie":
        return indicatie("5VV", bsn=bsn)
    if soort == "verhoogd":
        return indicatie("6VV", van="2020-06-01", bsn=bsn)
    return aanvraag([soort], bsn=bsn)


def _in_de_store(pad: Path, case_id: UUID, versie: int | None = None) -> WlzCase:
    vers = WlzService(Settings(data_dir=pad, case_geheugen=0))  # kept in a name: closed when collected
    gelezen = vers.repository.get(case_id, version=versie)
    assert isinstance(gelezen, WlzCase)
    return gelezen


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(berichten=BERICHTEN)
def test_eigenschap_twee_instanties_met_geheugen_zoals_de_store(tmp_path_factory: pytest.TempPathFactory, berichten: Any) -> None:
    """Whatever two instances record on the same cases, in batches of any length and in any order: every
    kept case is the case as the store holds it at the kept version, and a batch that reads a case again
    brings it to what the store holds now."""
    pad = tmp_path_factory.mktemp("twee") / "store"
    instanties = {"a": WlzService(Settings(data_dir=pad)), "b": WlzService(Settings(data_dir=pad))}
    partitie = {"a": 0, "b": 1}
    offsets = {"a": 0, "b": 0}
    wachtend: dict[str, list[InboundEvent]] = {"a": [], "b": []}
    for bsn, soort, wie, einde in berichten:
        wachtend[wie].append(_bericht(bsn, soort))
        if einde:
            offsets[wie] = _reeks(instanties[wie], wachtend[wie], offsets[wie], partitie[wie])
            wachtend[wie] = []
        for service in instanties.values():
            for case_id, case in service.geheugen.neem(service.case_id(x) for x in (BSN, BSN_2)).items():
                assert case.toestand == _in_de_store(pad, case_id, case.version).toestand
                assert not vars(case)["_pending_events"]
    for wie, rest in wachtend.items():
        offsets[wie] = _reeks(instanties[wie], rest, offsets[wie], partitie[wie])
    for wie, service in instanties.items():
        # one more batch on both cases reads what the other instance recorded since
        _reeks(service, [indicatie("5VV", bsn=BSN), indicatie("5VV", bsn=BSN_2)], offsets[wie], partitie[wie])
        for case_id, case in service.geheugen.neem(service.case_id(x) for x in (BSN, BSN_2)).items():
            vers = _in_de_store(pad, case_id)
            assert (case.version, case.toestand) == (vers.version, vers.toestand)


def test_sqlite_leest_na_de_versie_van_veel_cases_in_een_query(tmp_path: Path) -> None:
    """More kept cases than SQLite's cap on the depth of an expression (1.000) in one read."""
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    case_id = service.case_id(BSN)
    _reeks(service, [indicatie("5VV")], 0)
    versies = {uuid4(): 0 for _ in range(1_500)} | {case_id: 1}
    gelezen = service.recorder.events_after(versies)  # type: ignore[attr-defined]
    assert [e.originator_version for e in gelezen] == list(range(2, _in_de_store(tmp_path / "store", case_id).version + 1))
