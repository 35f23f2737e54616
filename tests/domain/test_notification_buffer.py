"""The readers that follow the store get what this process just recorded from memory
(services/notification_buffer.py): exactly what a read of the store gives, for every reader's filter,
and the store is read wherever the buffer cannot answer (a gap, another process's events)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections.runner import LEDGER_TYPEN
from services.adapters.kafka.publishers import GELEZEN
from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.application import Rejection, WlzService
from services.notification_buffer import NotificationBuffer
from tests.conftest import BSN, aanvraag, indicatie

ANDER_BSN = "111222333"
FILTERS = (None, GELEZEN, LEDGER_TYPEN)


def _batch(service: WlzService, offset: int, bsn: str = BSN) -> int:
    """Three messages of one partition (an indication, a dead letter naming the person, a PGB request)."""
    ruw = RuwBericht(None, f'{{"bsn": "{bsn}", kapot'.encode(), ())
    service.verwerk_reeks(
        [
            (Ontvangen(Bronpositie("t", 0, offset), ruw), indicatie("5VV", bsn=bsn)),
            (Ontvangen(Bronpositie("t", 0, offset + 1), ruw), Rejection("json", "(json)", "geen geldige JSON")),
            (Ontvangen(Bronpositie("t", 0, offset + 2), ruw), aanvraag(["pgb"], bsn=bsn)),
        ]
    )
    return offset + 3


def _volg(service: WlzService, limiet: int, alleen: frozenset[str] | None, lezer: str | None) -> list[tuple[int, dict[str, object]]]:
    """Everything a reader that keeps its own position reads, batch by batch, up to the end."""
    positie, uit = 0, []
    while True:
        laatste, berichten = service.berichten_na(positie, limiet, alleen, lezer)
        if laatste == positie:
            return uit
        uit += berichten
        positie = laatste


def test_uit_het_geheugen_gelijk_aan_uit_de_store(service: WlzService) -> None:
    service.buffer = NotificationBuffer()
    offset = _batch(service, 0)
    offset = _batch(service, offset, ANDER_BSN)
    for alleen in FILTERS:
        uit_store = service.berichten_na(0, 1000, alleen)
        assert service.berichten_na(0, 1000, alleen, lezer=f"lezer {alleen}") == uit_store
    assert service.buffer.uit_buffer == len(FILTERS) and service.buffer.uit_store == 0
    soorten = {b["event_type"] for _, b in service.berichten_na(0, 1000, GELEZEN)[1]}
    assert {"OnleesbaarBericht", "IndicatieOntvangen", "BudgetVastgesteld"} <= soorten


def test_een_gat_of_andermans_events_worden_uit_de_store_gelezen(service: WlzService) -> None:
    service.buffer = NotificationBuffer()
    offset = _batch(service, 0)
    buffer, service.buffer = service.buffer, None  # another process records meanwhile: not in this buffer
    offset = _batch(service, offset, ANDER_BSN)
    service.buffer = buffer
    _batch(service, offset)
    for alleen in FILTERS:
        assert _volg(service, 4, alleen, f"lezer {alleen}") == _volg(service, 4, alleen, None)
    assert buffer.uit_store > 0 and buffer.uit_buffer > 0


def test_een_dode_brief_van_een_gewiste_persoon_blijft_geredigeerd(service: WlzService) -> None:
    """Art. 17 AVG: the raw message of a dead letter naming an erased person is stored redacted; the
    buffer gives what the store holds, never the clear bytes it had in memory."""
    offset = _batch(service, 0)
    service.wis_persoon(service.case_id(BSN), "verzoek", date(2021, 1, 1))
    service.buffer = NotificationBuffer()
    positie = service.recorder.max_notification_id() or 0
    ruw = RuwBericht(None, f'{{"bsn": "{BSN}", kapot'.encode(), ())
    service.verwerk_reeks([(Ontvangen(Bronpositie("t", 0, offset), ruw), Rejection("json", "(json)", "geen geldige JSON"))])
    uit_buffer = service.berichten_na(positie, 1000, GELEZEN, lezer="publisher")
    assert service.buffer.uit_buffer == 1
    assert uit_buffer == service.berichten_na(positie, 1000, GELEZEN)
    assert all(BSN.encode() not in str(b).encode() for _, b in uit_buffer[1])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    limiet=st.integers(1, 12),
    alleen=st.sampled_from(FILTERS),
    buiten=st.lists(st.booleans(), min_size=1, max_size=4),
)
def test_eigenschap_volgen_geeft_hetzelfde_als_de_store(tmp_path_factory, limiet, alleen, buiten) -> None:  # type: ignore[no-untyped-def]
    from services.settings import Settings

    service = WlzService(Settings(data_dir=tmp_path_factory.mktemp("store")))
    buffer = NotificationBuffer(maximum=7)  # small: the oldest entries go, the store answers for them
    offset = 0
    for n, ander_proces in enumerate(buiten):
        service.buffer = None if ander_proces else buffer
        offset = _batch(service, offset, BSN if n % 2 else ANDER_BSN)
    service.buffer = buffer
    assert _volg(service, limiet, alleen, "lezer") == _volg(service, limiet, alleen, None)


def test_buffer_ruimt_op_wat_elke_lezer_voorbij_is() -> None:
    buffer = NotificationBuffer(maximum=5)
    buffer.voeg_toe((n, ("BudgetVastgesteld", {"n": n})) for n in range(1, 8))
    assert len(buffer) == 5  # the oldest two went first
    assert buffer.lees("a", 0, 10, None) is None  # 1 is gone: the store answers
    assert buffer.lees("a", 2, 2, None) == (4, [(3, {"n": 3}), (4, {"n": 4})])
    assert buffer.lees("b", 5, 10, frozenset({"Iets"})) == (7, [])
    buffer.lees("a", 6, 10, None)
    assert len(buffer) == 2  # 3..5 passed by both readers
    buffer.vergeet_lezer("b")
    buffer.lees("a", 7, 10, None)
    assert len(buffer) == 0 and buffer.lees("a", 7, 10, None) is None


def test_andermans_events_worden_een_keer_gelezen_voor_alle_lezers(service: WlzService, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Events another instance recorded are read from the store once, for every reader of this process."""
    offset = _batch(service, 0)  # recorded by "another process": not in the buffer
    _batch(service, offset, ANDER_BSN)
    service.buffer = NotificationBuffer(lezers=[f"lezer {alleen}" for alleen in FILTERS])
    gelezen = []
    echte = service.recorder.select_notifications

    def tel(*args, **kwargs):  # type: ignore[no-untyped-def]
        gelezen.append(args)
        return echte(*args, **kwargs)

    monkeypatch.setattr(service.recorder, "select_notifications", tel)
    verwacht = {alleen: _volg(service, 1000, alleen, None) for alleen in FILTERS}
    gelezen.clear()
    for alleen in FILTERS:
        assert _volg(service, 1000, alleen, f"lezer {alleen}") == verwacht[alleen]
    assert len(gelezen) == 1 + len(FILTERS)  # one read fills the buffer; each reader then finds nothing newer


def test_een_lezer_ver_achter_een_volle_buffer_leest_elk_event_een_keer(service: WlzService, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A reader so far behind that the full buffer drops what it just read from the store at once (the
    oldest) is answered from that read: the same as the store gives, each notification decoded once."""
    offset = 0
    for bsn in (BSN, ANDER_BSN):
        offset = _batch(service, offset, bsn)
    verwacht = {alleen: _volg(service, 4, alleen, None) for alleen in FILTERS}
    for alleen in FILTERS:
        service.buffer = NotificationBuffer(maximum=3, lezers=["traag", "vooruit"])
        service.buffer.voeg_toe((n, (None, None)) for n in range(100, 103))  # full with what lies ahead
        gelezen: list[int] = []
        echte = service._gelezen

        def tel(notificatie, *rest, gelezen=gelezen, echte=echte):  # type: ignore[no-untyped-def]
            gelezen.append(notificatie.id)
            return echte(notificatie, *rest)

        monkeypatch.setattr(service, "_gelezen", tel)
        assert _volg(service, 4, alleen, "traag") == verwacht[alleen]
        assert len(gelezen) == len(set(gelezen)) == service.recorder.max_notification_id()
        monkeypatch.undo()
