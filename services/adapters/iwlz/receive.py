"""One received iWlz message through the service: read and validate, map to contract events, check
every record against the case before anything is recorded, decide, and answer with the retour.

Taken whole or not at all: the records are checked first (a BSN, a code, a report naming no toewijzing
of the case), so a refused message leaves nothing in the store. Used by `wlz iwlz import` and by the
Kafka consumer of `wlz.iwlz.in`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from events import DecisionEvent, InboundEvent
from events import inbound as i
from services.adapters.iwlz.meldingen import ONTVANGEN, inbound_events
from services.adapters.iwlz.retour import RETOUR_VAN, retour_op_header, retourbericht
from services.adapters.iwlz.schemas import Gelezen, IwlzError, lees, soort_van
from services.domain.toewijzing import onbekende_verwijzing
from services.regeling.laden import zorgprofielen

RECORD = "/Bericht/Clienten/Client"


@dataclass
class Received:
    """What became of one message: its events and decisions, or the refusal; and the retour to send."""

    soort: str | None
    bericht_id: str | None
    events: list[InboundEvent] = field(default_factory=list)
    besluiten: list[DecisionEvent] = field(default_factory=list)
    fout: IwlzError | None = None
    retour: bytes | None = None
    retour_soort: str | None = None


def _pad_van_client(events: list[InboundEvent], event: InboundEvent) -> str:
    """The element path of the Client an event came from (events keep the order of the message)."""
    bsns: list[str] = []
    for e in events:
        if e.payload.bsn not in bsns:
            bsns.append(e.payload.bsn)
    return f"{RECORD}[{bsns.index(event.payload.bsn) + 1}]"


def controleer(events: list[InboundEvent], toestand_van: Callable[[str], Any]) -> tuple[InboundEvent, str, str] | None:
    """The first record the service would refuse (with the field and the reason), checked against the
    cases as they are now, before anything is recorded."""
    for event in events:
        if isinstance(event, i.IndicatieOntvangen) and event.payload.zorgprofiel not in zorgprofielen():
            return event, "payload.zorgprofiel", f"onbekend zorgprofiel {event.payload.zorgprofiel!r}"
        toestand = toestand_van(event.payload.bsn)
        toewijzingen = () if toestand is None else toestand.toewijzingen
        if (onbekend := onbekende_verwijzing(toewijzingen, event)) is not None:
            return event, *onbekend
    return None


def ontvang(
    xml: bytes,
    verwerk: Callable[[list[InboundEvent]], list[DecisionEvent]],
    toestand_van: Callable[[str], Any],
    vandaag: date,
) -> Received:
    """`verwerk` records the message's events with their decisions (the application service; on Kafka in
    one transaction with the record's position); `toestand_van` gives a client's case state by BSN (None
    for no case)."""
    gelezen: Gelezen | None = None
    try:
        gelezen = lees(xml, verwacht=ONTVANGEN)
        events = inbound_events(gelezen)
        if (geweigerd := controleer(events, toestand_van)) is not None:
            event, veld, reden = geweigerd
            raise IwlzError(gelezen.bericht_id, f"{_pad_van_client(events, event)} ({veld})", reden, "inhoud", "0233")
    except IwlzError as fout:
        return _geweigerd(xml, gelezen, fout, vandaag)
    uitkomst = Received(gelezen.soort.naam, gelezen.bericht_id, events, verwerk(events))
    if gelezen.soort.naam in RETOUR_VAN:
        uitkomst.retour = retourbericht(gelezen, None, vandaag)
        uitkomst.retour_soort = RETOUR_VAN[gelezen.soort.naam]
    return uitkomst


def _geweigerd(xml: bytes, gelezen: Gelezen | None, fout: IwlzError, vandaag: date) -> Received:
    uitkomst = Received(gelezen.soort.naam if gelezen else None, fout.bericht_id, fout=fout)
    if gelezen is not None:
        if gelezen.soort.naam in RETOUR_VAN:
            uitkomst.retour = retourbericht(gelezen, fout, vandaag)
            uitkomst.retour_soort = RETOUR_VAN[gelezen.soort.naam]
        return uitkomst
    if fout.soort == "xsd":
        # valid XML of a known type, but not against its XSD: a header-only retour when it can be addressed
        soort = _soort(xml)
        if soort is not None and soort in RETOUR_VAN:
            uitkomst.soort = soort
            uitkomst.retour = retour_op_header(soort, xml, vandaag)
            uitkomst.retour_soort = RETOUR_VAN[soort] if uitkomst.retour else None
    return uitkomst


def _soort(xml: bytes) -> str | None:
    import xmlschema

    try:
        wortel: Any = xmlschema.XMLResource(xml, defuse="always", allow="none").root
        return soort_van(wortel).naam
    except Exception:  # only asked after the message was read once; anything odd means no retour
        return None
