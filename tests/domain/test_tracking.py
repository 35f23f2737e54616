"""Exactly-once effect for Kafka input: the source position is recorded with the events it caused."""

from __future__ import annotations

from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.application import WlzService
from tests.conftest import BSN, BSN_2, aanvraag, indicatie


def test_zelfde_kafka_positie_twee_keer_verandert_niets(service: WlzService) -> None:
    bron = Bronpositie("wlz.indicaties", 2, 41)
    service.verwerk(indicatie("5VV"), bron=bron)
    assert service.al_verwerkt(bron)
    # Redelivered: same position (even if the producer had given it a new event id)
    assert service.verwerk(indicatie("8VV"), bron=bron) == []
    toestand = service.toestand(service.case_id(BSN))
    assert toestand is not None and toestand.indicatie is not None
    assert toestand.indicatie.zorgprofiel == "5VV"


def test_oudere_positie_op_dezelfde_partitie_telt_als_verwerkt(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"), bron=Bronpositie("wlz.aanvragen", 0, 10))
    assert service.al_verwerkt(Bronpositie("wlz.aanvragen", 0, 3))
    assert not service.al_verwerkt(Bronpositie("wlz.aanvragen", 1, 3))


def test_zelfde_event_id_op_nieuwe_positie_geeft_geen_tweede_besluit(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"), bron=Bronpositie("wlz.indicaties", 0, 0))
    verzoek = aanvraag(["pgb"])
    assert len(service.verwerk(verzoek, bron=Bronpositie("wlz.aanvragen", 0, 0))) == 2
    assert service.verwerk(verzoek, bron=Bronpositie("wlz.aanvragen", 0, 1)) == []
    assert service.al_verwerkt(Bronpositie("wlz.aanvragen", 0, 1))


def test_afgewezen_bericht_markeert_zijn_positie(service: WlzService) -> None:
    from services.application import Rejection

    bron = Bronpositie("wlz.aanvragen", 0, 7)
    reeks = [(Ontvangen(bron, RuwBericht(None, b"{kapot", ())), Rejection("json", "(json)", "geen geldige JSON"))]
    service.verwerk_reeks(reeks)
    service.verwerk_reeks(reeks)  # twice is fine
    assert service.al_verwerkt(bron)


def test_berichten_na_positie(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"))
    service.verwerk(aanvraag(["pgb"]))
    laatste, berichten = service.berichten_na(0)
    assert [b["event_type"] for _, b in berichten] == [
        "IndicatieOntvangen",
        "LeveringsvormAangevraagd",
        "LeveringsvormToegekend",
        "BudgetVastgesteld",
    ]
    assert service.berichten_na(laatste) == (laatste, [])


def test_concurrency_conflict_wordt_opnieuw_geprobeerd_niet_verloren(service: WlzService) -> None:
    """Two writers on one case: the one that saves second hits the optimistic-concurrency check of the
    store, decides again on the newer state, and records its decisions."""
    from services.domain.aggregate import WlzCase

    service.verwerk(indicatie("6VG"))
    case_id = service.case_id(BSN)
    verouderd = service.repository.get(case_id)
    service.verwerk(aanvraag(["mpt", "pgb"], begeleiding_groeps="nee", mpt_kosten_per_jaar=100_000))  # the other writer

    echt = service._case
    pogingen: list[int] = []

    def eerst_verouderd(case: object) -> WlzCase:
        pogingen.append(1)
        if len(pogingen) == 1:
            assert isinstance(verouderd, WlzCase)
            return verouderd
        return echt(case_id)

    service._case = eerst_verouderd  # type: ignore[method-assign,assignment]
    besluiten = service.verwerk(aanvraag(["pgb"], "2020-09-01", begeleiding_groeps="nee"))
    assert len(pogingen) == 2
    # decided on the newer state: the MPT+PGB grant the other writer made is ended (art. 7.12) and the
    # budget keeps its MPT part
    assert [b.event_type for b in besluiten] == ["LeveringsvormBeeindigd", "LeveringsvormToegekend", "BudgetVastgesteld"]
    assert besluiten[2].payload.mpt_deel > 0


def test_reeks_van_een_partitie_in_een_transactie_met_dode_letter(service: WlzService) -> None:
    from services.application import ONLEESBAAR_TYPE, Rejection

    ruw = RuwBericht(b"k", b"{}", ())
    reeks = [
        (Ontvangen(Bronpositie("wlz.aanvragen", 0, 10), ruw), indicatie("5VV")),
        (
            Ontvangen(Bronpositie("wlz.aanvragen", 0, 11), RuwBericht(None, b"{kapot", (("h", b"v"),))),
            Rejection("json", "(json)", "geen geldige JSON"),
        ),
        (Ontvangen(Bronpositie("wlz.aanvragen", 0, 12), ruw), aanvraag(["pgb"])),
        (Ontvangen(Bronpositie("wlz.aanvragen", 0, 13), ruw), indicatie("9XX", bsn=BSN_2)),
    ]
    uitkomsten = service.verwerk_reeks(reeks)
    assert uitkomsten[0] == [] and isinstance(uitkomsten[1], Rejection)
    assert [b.event_type for b in uitkomsten[2]] == ["LeveringsvormToegekend", "BudgetVastgesteld"]  # type: ignore[union-attr]
    assert isinstance(uitkomsten[3], Rejection) and uitkomsten[3].veld == "payload.zorgprofiel"
    assert service.al_verwerkt(Bronpositie("wlz.aanvragen", 0, 13))
    _, berichten = service.berichten_na(0)
    assert [b["event_type"] for _, b in berichten].count(ONLEESBAAR_TYPE) == 2
    dood = next(b for _, b in berichten if b["event_type"] == ONLEESBAAR_TYPE)
    assert dood["bron_offset"] == 11 and dood["soort"] == "json"
    # the whole batch redelivered: nothing new
    assert service.verwerk_reeks(reeks) == [[], [], [], []]
    assert len(service.berichten_na(0)[1]) == len(berichten)


def test_reeks_herkent_een_case_uit_een_eerdere_reeks(service: WlzService) -> None:
    ruw = RuwBericht(None, b"", ())
    service.verwerk_reeks([(Ontvangen(Bronpositie("t", 0, 0), ruw), indicatie("5VV"))])
    assert service._bestaande_cases({service.case_id(BSN), service.case_id(BSN_2)}) == {service.case_id(BSN)}
    [besluiten] = service.verwerk_reeks([(Ontvangen(Bronpositie("t", 0, 1), ruw), aanvraag(["pgb"]))])
    assert [b.event_type for b in besluiten] == ["LeveringsvormToegekend", "BudgetVastgesteld"]  # type: ignore[union-attr]


def test_batch_van_meerdere_partities_in_een_transactie(service: WlzService) -> None:
    """A Kafka batch holds several partitions: recorded in one transaction with every partition's own
    position, so a redelivery of any part of it is recognised, and a newer record beside an old one is
    still decided."""
    ruw = RuwBericht(b"k", b"{}", ())
    batch = [
        (Ontvangen(Bronpositie("wlz.indicaties", 0, 5), ruw), indicatie("5VV")),
        (Ontvangen(Bronpositie("wlz.indicaties", 3, 9), ruw), indicatie("4VV", bsn=BSN_2)),
        (Ontvangen(Bronpositie("wlz.aanvragen", 0, 2), ruw), aanvraag(["pgb"])),
    ]
    uitkomsten = service.verwerk_reeks(batch)
    assert [len(u) for u in uitkomsten] == [0, 0, 2]  # type: ignore[arg-type]
    for bron in ("wlz.indicaties", 0, 5), ("wlz.indicaties", 3, 9), ("wlz.aanvragen", 0, 2):
        assert service.al_verwerkt(Bronpositie(*bron))
    assert not service.al_verwerkt(Bronpositie("wlz.indicaties", 0, 6))
    opgeslagen = len(service.berichten_na(0)[1])
    # one partition's part redelivered, beside a new record of another partition: only the new one counts
    later = [batch[1], (Ontvangen(Bronpositie("wlz.aanvragen", 0, 3), ruw), aanvraag(["pgb"], "2020-09-01", bsn=BSN_2))]
    uitkomsten = service.verwerk_reeks(later)
    assert uitkomsten[0] == [] and len(uitkomsten[1]) == 2  # type: ignore[arg-type]
    assert len(service.berichten_na(0)[1]) == opgeslagen + 3  # the request and its two decisions


def test_posities_van_meerdere_bronnen_alles_of_niets(service: WlzService) -> None:
    """The store records the sources' positions of one transaction together or not at all: a position
    that does not move forward (another writer of that source was first) fails the whole transaction."""
    from eventsourcing.persistence import IntegrityError, Tracking

    from services.bronnen import meer_tracking

    recorder = service.process_recorder
    recorder.insert_events([], tracking=Tracking("a", 5), **meer_tracking([Tracking("b", 3)]))
    assert recorder.max_tracking_ids(["a", "b", "c"]) == {"a": 5, "b": 3, "c": 0}  # type: ignore[attr-defined]
    try:
        recorder.insert_events([], tracking=Tracking("c", 1), **meer_tracking([Tracking("b", 3)]))
    except IntegrityError:
        pass
    else:
        raise AssertionError("a position that does not move forward must be refused")
    assert recorder.max_tracking_ids(["c"]) == {"c": 0}  # type: ignore[attr-defined]
