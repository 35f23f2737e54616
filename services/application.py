"""The application service: one inbound event in, the case's decisions recorded and returned.

The CLI calls it, and so will the Kafka consumer: one implementation of the decision path. Recording
the inbound event and its decisions is one atomic write to the event store, so a case never holds a
request without its decisions or the other way round.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, cast, get_args
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.persistence import IntegrityError, ProcessRecorder, Recording, StoredEvent, Tracking
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_random

from events import AnyEvent, DecisionEvent, InboundEvent, parse_event
from events import besluiten as b
from events import inbound as i
from events.besluiten import PersoonsgegevensGewist, PersoonsgegevensGewistPayload
from events.envelope import nu
from services.bronnen import meer_tracking
from services.casegeheugen import Casegeheugen
from services.domain.aggregate import InvariantGeschonden, WlzCase
from services.domain.beslissen import beslis_gevouwen, herzie_pgb
from services.domain.onleesbaar import OnleesbaarBericht
from services.domain.ontvangst import Ontvangst, ontvangst_id
from services.domain.plafondregister import PlafondRegister, lezing, register_id, te_herzien
from services.domain.toestand import CaseToestand
from services.domain.toewijzing import onbekende_verwijzing
from services.fouten import NietGevonden
from services.identity import case_id_voor
from services.notification_buffer import Entry, NotificationBuffer
from services.persoonsgegevens import (
    GEWIST_REDEN,
    GEWIST_SOORT,
    Kluis,
    PersoonGewist,
    bsns_in,
    controleer_cipher_sleutel,
    ontsleutel,
    vingerafdruk,
)
from services.regeling.laden import plafond_jaren, plafonds, zorgprofielen
from services.registers import Registers, projecteer
from services.settings import Settings

log = logging.getLogger(__name__)

ONLEESBAAR_TYPE = "OnleesbaarBericht"
VASTGELEGD_TOPIC = f"{WlzCase.__module__}:{WlzCase.__qualname__}.Vastgelegd"
REGISTER_TOPIC = f"{PlafondRegister.__module__}:{PlafondRegister.__qualname__}.Vastgelegd"
ONLEESBAAR_TOPIC = f"{OnleesbaarBericht.__module__}:{OnleesbaarBericht.__qualname__}.Created"
AANVRAGEN = get_args(i.Aanvraag)
ARGUMENTEN = ("bron_topic", "bron_partition", "bron_offset", "sleutel", "waarde", "koppen", "soort", "veld", "reden")


def _argumenten(event: Any) -> dict[str, Any]:
    return {naam: getattr(event, naam) for naam in ARGUMENTEN}


def _verzamel(verwerking: ProcessingEvent[UUID], aggregaten: Iterable[Any]) -> None:
    """`ProcessingEvent.collect_events` without its two runtime-Protocol checks per aggregate, which cost
    more than collecting (4 % of deciding a request): what a batch collects is always aggregates."""
    for aggregate in aggregaten:
        verwerking.events.extend(aggregate.collect_events())
        verwerking.aggregates[aggregate.id] = aggregate


class OngeldigBericht(ValueError):
    """A well-formed message the service cannot act on (unknown code, unknown indication): it is
    rejected with the field and the reason, kept by the caller, and never becomes a decision."""

    def __init__(self, veld: str, reden: str) -> None:
        super().__init__(f"{veld}: {reden}")
        self.veld = veld
        self.reden = reden


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a message is a dead letter: its kind, the field and the rule (never the value)."""

    soort: str  # json | schema | inhoud | invariant | verwerking | gewist
    veld: str
    reden: str


@dataclass(frozen=True, slots=True)
class Wissing:
    """The outcome of `wlz erase`: the erasure recorded now (None when it already was), whether a key
    was deleted now (False on a re-run that found the key gone), and whether a concurrent writer of the
    case was met (optimistic concurrency: reloaded and tried again)."""

    case_id: UUID
    gewist: PersoonsgegevensGewist | None
    sleutel_gewist: bool
    conflict: bool = False  # another erasure (or message) saved the case first: reloaded and finished


class Herkomst(Protocol):
    """Where an inbound message came from, as the service needs it (the Kafka adapter's `Ontvangen`,
    services/adapters/kafka/records.py): a tracking position, recorded in the same transaction as the
    events the message caused, so a redelivered message is recognised and changes nothing; and the
    message kept whole as a dead letter when it cannot be acted on."""

    @property
    def tracking(self) -> Tracking: ...

    def onleesbaar(self, afwijzing: Rejection, personen: Callable[[bytes], list[str]]) -> OnleesbaarBericht:
        """`personen`: the cases whose BSN the raw bytes name, under whose keys the store keeps them
        encrypted (services/persoonsgegevens.py); a message refused as `gewist` keeps its envelope only."""
        ...


class Positie(Protocol):
    """A source position alone (for one message at a time)."""

    @property
    def tracking(self) -> Tracking: ...


class Recorder(Protocol):
    """What the service asks of its store beyond the library's recorder (services/adapters/store/)."""

    def existing_ids(self, ids: Iterable[UUID]) -> set[UUID]: ...

    def events_of(self, ids: Iterable[UUID]) -> list[StoredEvent]: ...

    def events_after(self, versies: dict[UUID, int]) -> list[StoredEvent]: ...

    def max_tracking_ids(self, namen: Iterable[str]) -> dict[str, int]: ...

    def posities_en_events(
        self, namen: Iterable[str], ids: Iterable[UUID], na: Mapping[UUID, int] | None = None
    ) -> tuple[dict[str, int], list[StoredEvent]]: ...


class DecodingMapper(Protocol):
    """The store's mapper, able to hand over a stored event's decoded bytes (services/adapters/store/common.py)."""

    kluis: Kluis

    def decoded_state(self, stored: StoredEvent) -> bytes: ...


@dataclass
class _Werk:
    """The aggregates one transaction touches, each loaded once: cases, and the PGB plafond registers
    (art. 5.10) of the regions and years decided on; all saved together or not at all."""

    cases: dict[UUID, WlzCase] = field(default_factory=dict)
    registers: dict[UUID, PlafondRegister] = field(default_factory=dict)
    bekend: set[UUID] | None = None  # cases known to have events (a batch asks once); None: ask the store
    # event ids accepted before (`Ontvangst` ids found in the store, and taken in this transaction): an
    # event id is unique over all cases (services/domain/ontvangst.py)
    ontvangen: set[UUID] = field(default_factory=set)
    ontvangsten: list[Ontvangst] = field(default_factory=list)
    registers_ververst: bool = False  # the kept registers brought up to date for this transaction
    # takes the plafond slot for this transaction (services/adapters/store/plafondslot.py): one writer of
    # the registers at a time, from the first register read to the commit
    neem_slot: Callable[[], object] = lambda: None

    def aggregaten(self) -> list[Any]:
        return [*self.cases.values(), *self.registers.values(), *self.ontvangsten]

    def ontvang(self, event_id: UUID, case_id: UUID) -> None:
        ontvangst = Ontvangst(event_id, case_id)
        self.ontvangen.add(ontvangst.id)
        self.ontvangsten.append(ontvangst)


class WlzService(Application[UUID]):
    name = "wlz"
    MAX_POGINGEN = 5

    def __init__(self, settings: Settings | None = None, env: dict[str, str] | None = None) -> None:
        self.settings = settings or Settings()
        cipher_key = self.settings.cipher_key.get_secret_value() if self.settings.cipher_key else None
        vingerafdruk(cipher_key)  # a malformed WLZ_CIPHER_KEY is a bad setting, not a traceback
        # the store module (services/adapters/store/) is named in the env and loaded by the library
        super().__init__(env=env or self.settings.eventstore_env(self.name))
        # before anything is written: a wrong or missing WLZ_CIPHER_KEY would corrupt the store
        controleer_cipher_sleutel(self.kluis, cipher_key, self._eerste_leesbaar)
        self._sleutel = self.settings.case_id_key.get_secret_value().encode()
        # set by the Kafka app while it runs the readers of the store (services/notification_buffer.py)
        self.buffer: NotificationBuffer | None = None
        self.registers = Registers(cast(Recorder, self.recorder), self.mapper)  # services/registers.py
        self.geheugen = Casegeheugen(self.settings.case_geheugen)  # services/casegeheugen.py
        self._bij_start: dict[str, Wissing] = {}  # erasures this process finished when it opened the store
        self.rond_wissingen_af()

    @property
    def _store_mapper(self) -> DecodingMapper:
        return cast(DecodingMapper, self.mapper)

    @property
    def kluis(self) -> Kluis:
        """The key table of the personal data (services/persoonsgegevens.py), chosen by the store module."""
        return self._store_mapper.kluis

    def _eerste_leesbaar(self) -> bool | None:
        """Whether the store's first event reads with the configured WLZ_CIPHER_KEY (None: empty store)."""
        eerste = self.recorder.select_notifications(1, 1)
        if not eerste:
            return None
        try:
            self.mapper.to_domain_event(eerste[0])
        except Exception:
            return False
        return True

    def personen(self, ruw: bytes) -> list[str]:
        """The cases whose BSN a raw message names (a dead letter is kept encrypted under their keys)."""
        return [str(self.case_id(bsn)) for bsn in bsns_in(ruw)]

    def wis_persoon(self, case_id: UUID, reden: str, datum: date) -> Wissing:
        """Crypto-shredding: the erasure is recorded on the case FIRST, then the person's key is deleted
        and a tombstone kept (so no key is ever made again for them). Killed in between, the next start
        (`rond_wissingen_af`), a re-run or the next message for that person finishes it: safe to repeat.
        Budgets and ledgers are untouched.

        Two erasures of the same person at once (two `wlz erase`, or an erasure beside a message for that
        person) both append at the same version; the library refuses the second (IntegrityError, optimistic
        concurrency). That one reloads the case and tries again, a bounded number of times: it then finds
        the erasure recorded and only finishes the key (`conflict` says it happened).
        Raises NietGevonden when there is neither a case nor a key for this person."""
        pogingen = Retrying(
            retry=retry_if_exception_type(IntegrityError),
            stop=stop_after_attempt(self.MAX_POGINGEN),
            wait=wait_random(0, 0.05),
            reraise=True,
        )
        nieuw: PersoonsgegevensGewist | None = None
        conflict = False
        for poging in pogingen:
            with poging:
                if (nummer := poging.retry_state.attempt_number) > 1:
                    conflict = True
                    log.warning("erasure of case %s met another writer of it; reloaded, attempt %d", case_id, nummer)
                nieuw = self._leg_wissing_vast(case_id, reden, datum)
        persoon = str(case_id)
        self.geheugen.vergeet(case_id)  # its personal data leaves this process's memory with the key
        sleutel_gewist = self.kluis.wis(persoon)
        eerder = self._bij_start.pop(persoon, None)
        if eerder is not None:  # this process finished it when it opened the store: say what it did then
            return Wissing(case_id, nieuw or eerder.gewist, sleutel_gewist or eerder.sleutel_gewist, conflict or eerder.conflict)
        return Wissing(case_id, nieuw, sleutel_gewist=sleutel_gewist, conflict=conflict)

    def rond_wissingen_af(self) -> int:
        """Finishes, at start, every erasure cut off by a stop (the mark `Kluis.begin_wissing` left): the
        erasure recorded if it was not yet, the key deleted and tombstoned - so a kill between the two
        steps leaves no key behind until someone re-runs `wlz erase`. One query of the key store when
        nothing is pending. Instances starting together finish the same erasure once (the conflict is
        taken as in `wis_persoon`). Logged as counts only. Returns how many were finished."""
        lopend = self.kluis.lopende_wissingen()
        if not lopend:
            return 0
        vastgelegd = 0
        for persoon, reden, datum in lopend:
            try:
                wissing = self.wis_persoon(UUID(persoon), reden, date.fromisoformat(datum))
            except NietGevonden:
                self.kluis.vergeet_wissing(persoon)  # nothing of this person to erase
                continue
            vastgelegd += wissing.gewist is not None
            self._bij_start[persoon] = wissing
        log.warning("finished %d erasure(s) cut off before their key was deleted, at start", len(lopend))
        if vastgelegd:
            log.warning("%d of them had not been recorded yet and are recorded now", vastgelegd)
        return len(lopend)

    def _leg_wissing_vast(self, case_id: UUID, reden: str, datum: date) -> PersoonsgegevensGewist | None:
        """Records `PersoonsgegevensGewist` on the case unless it is there already (None then). Raises
        IntegrityError when another writer saved the case since it was loaded, NietGevonden when there is
        nothing of this person."""
        try:
            case: WlzCase | None = self.repository.get(case_id)
        except AggregateNotFoundError:
            case = None
        persoon = str(case_id)
        if case is None:
            if self.kluis.heeft_sleutel(persoon) or self.kluis.gewist(persoon):
                return None
            raise NietGevonden(f"geen case en geen persoonsgegevens voor {case_id}")
        if case.toestand.gewist:
            return None
        nieuw = PersoonsgegevensGewist(
            event_id=uuid4(),
            occurred_at=nu(),
            recorded_at=nu(),
            case_id=case_id,
            payload=PersoonsgegevensGewistPayload(datum=datum, reden=reden),
        )
        case.besluit(nieuw)
        self.kluis.begin_wissing(persoon, reden, datum.isoformat())  # finished at the next start if cut off
        self.save(case)
        return nieuw

    def construct_recorder(self) -> ProcessRecorder:
        """A process recorder: it stores tracking positions atomically with the events."""
        return self.factory.process_recorder()

    @property
    def process_recorder(self) -> ProcessRecorder:
        assert isinstance(self.recorder, ProcessRecorder)
        return self.recorder

    def case_id(self, bsn: str) -> UUID:
        return case_id_voor(bsn, self._sleutel)

    def al_verwerkt(self, bron: Positie) -> bool:
        tracking = bron.tracking
        return self.process_recorder.has_tracking_id(tracking.application_name, tracking.notification_id)

    def verwerk(self, event: InboundEvent, tijdstip: datetime | None = None, bron: Positie | None = None) -> list[DecisionEvent]:
        """Decides on one inbound event and records it with its decisions (and, from Kafka, its source
        position) in one transaction. A redelivered event (same event_id, or a source position already
        recorded) records nothing and returns no decisions."""
        for poging in range(1, self.MAX_POGINGEN + 1):
            if bron is not None and self.al_verwerkt(bron):
                return []
            try:
                return self._verwerk(event, tijdstip or nu(), bron)
            except IntegrityError:
                # Either this source position was recorded meanwhile (checked at the top of the loop), or
                # another writer saved the same case first (optimistic concurrency): decide again on the
                # newer state rather than lose the message.
                log.warning("conflict while recording, attempt %d", poging)
        raise RuntimeError("case kept changing underneath; gave up after retries")

    def _verwerk(self, event: InboundEvent, tijdstip: datetime, bron: Positie | None) -> list[DecisionEvent]:
        with ExitStack() as vrij:
            werk = _Werk(ontvangen=self._bestaande_cases({ontvangst_id(event.event_id)}), neem_slot=self._slot_in(vrij))
            case = self._case_in(werk, self.case_id(event.payload.bsn))
            besluiten = self._beslis_op(case, event, tijdstip, werk)
            # recorded even without new events: a redelivered message's position is then known too
            verwerking: ProcessingEvent[UUID] = ProcessingEvent(tracking=bron.tracking if bron else None)
            _verzamel(verwerking, werk.aggregaten())
            self._notify(self._record(verwerking))
            self.registers.vastgelegd(list(werk.registers.values()))
            return besluiten

    def _slot_in(self, vrij: ExitStack) -> Callable[[], object]:
        """Takes the store's plafond slot into `vrij` (held until it closes, after the commit)."""
        slot: Callable[[], AbstractContextManager[None]] | None = getattr(self.factory, "plafondslot", None)
        if slot is None:
            return lambda: None
        return lambda: vrij.enter_context(slot())

    def _beslis_op(self, case: WlzCase, bericht: InboundEvent, tijdstip: datetime, werk: _Werk) -> list[DecisionEvent]:
        """The one decision step both paths share: a message already recorded on the case changes
        nothing; otherwise it is checked, decided against the PGB plafond register as it stands, and
        recorded on the aggregate with its decisions, and the register with the PGB they set.
        Raises OngeldigBericht for a message the service cannot act on, including one whose event_id was
        already accepted for another case."""
        event = bericht.model_copy(update={"case_id": case.id, "recorded_at": tijdstip})
        if event.event_id in case.toestand.verwerkt:
            return []
        if case.toestand.gewist:
            # art. 17 AVG: nothing more is stored or decided for an erased person (the erasure is recorded
            # on the case before the key goes); a half-done erasure is finished here. A person erased
            # without a case (only rejects or dead letters) is refused by the key store when the mapper
            # asks for a key (PersoonGewist from the recording: the slow path takes it alone).
            self.kluis.wis(str(case.id))
            raise PersoonGewist(str(case.id))
        if ontvangst_id(event.event_id) in werk.ontvangen:
            raise OngeldigBericht("event_id", "dit event_id is al gebruikt voor een bericht over een andere verzekerde")
        self._controleer(event, case.toestand)
        lezingen = self._plafondlezingen(event, case, werk)
        voor = case.toestand
        gevouwen = beslis_gevouwen(voor, event, case.id, tijdstip, lezingen)
        besluiten = gevouwen.besluiten
        case.neem_besluiten(event, gevouwen)
        self._boek_plafond(case.id, voor, event, besluiten, lezingen, tijdstip, werk)
        werk.ontvang(event.event_id, case.id)
        return besluiten

    # --- the PGB plafond register (art. 5.10 Rlz with Awb art. 4:25) ---------------------------------

    def _case_in(self, werk: _Werk, case_id: UUID, bestaat: bool = False) -> WlzCase:
        case = werk.cases.get(case_id)
        if case is None:
            nieuw = not bestaat and werk.bekend is not None and case_id not in werk.bekend
            case = werk.cases[case_id] = WlzCase(case_id) if nieuw else self._case(case_id)
        return case

    def _laad_erbij(self, werk: _Werk, case_ids: list[UUID]) -> None:
        """Cases the transaction did not hold yet (the grants under review), read together: one query
        for all, and only what was recorded after the version kept in memory (services/casegeheugen.py).
        One at a time, whole, they were 14 % of the national decision path."""
        nodig = {case_id for case_id in case_ids if case_id not in werk.cases}
        if not nodig:
            return
        bewaard = self.geheugen.neem(nodig)
        stored = cast(Recorder, self.recorder).events_after({c: bewaard[c].version if c in bewaard else 0 for c in nodig})
        werk.cases.update(self._laad(nodig, stored, bewaard)[1])

    def _register(self, werk: _Werk, regio: str, jaar: int) -> PlafondRegister | None:
        """The register of a region and year (made on first use from art. 8.8/8.10/8.12), or None for a
        year whose plafonds this service does not hold."""
        if jaar not in plafond_jaren():
            return None
        sleutel = register_id(regio, jaar)
        register = werk.registers.get(sleutel)
        if register is None:
            if not werk.registers_ververst:
                # once per transaction, and only one that reads a register: the slot first, then what was
                # recorded on them since (by any instance), so the append cannot conflict on a register
                werk.neem_slot()
                self.registers.ververs()
                werk.registers_ververst = True
            register = self.registers.geef(sleutel)
            if register is None:
                plafond = plafonds(jaar)[1].get(regio)
                if plafond is None:
                    return None
                register = PlafondRegister(regio, jaar, plafond.artikel, plafond.bedrag)
            werk.registers[sleutel] = register
        return register

    def _plafondlezingen(self, event: InboundEvent, case: WlzCase, werk: _Werk) -> dict[int, b.Plafondlezing]:
        """The register of the case's region for every plafond year a request can touch, as seen from the
        request's date of receipt (art. 5.10): the input the decision records."""
        indicatie = case.toestand.indicatie
        if case.toestand.gewist:
            return {}
        if isinstance(event, i.IndicatieOntvangen) and indicatie is not None and event.payload.regio != indicatie.regio:
            # a move: the days it brings to the new region are judged against that region's plafond, ranked
            # by the day the indication was received (art. 5.10; `beslissen._indicatie_ontvangen`)
            regio, ontvangen = event.payload.regio, event.occurred_at.date()
        elif isinstance(event, AANVRAGEN) and indicatie is not None:
            regio, ontvangen = indicatie.regio, event.payload.ontvangstdatum
        else:
            return {}
        p = event.payload
        jaren = plafond_jaren()
        laatste = p.einddatum.year if p.einddatum is not None else max(jaren)
        lezingen = {}
        for jaar in jaren:
            if p.ingangsdatum.year <= jaar <= laatste and (register := self._register(werk, regio, jaar)) is not None:
                lezingen[jaar] = lezing(register.stand, case.id, ontvangen, self.settings.plafond_modus)
        return lezingen

    def _boek_plafond(
        self,
        case_id: UUID,
        voor: CaseToestand,
        event: InboundEvent,
        besluiten: list[DecisionEvent],
        lezingen: dict[int, b.Plafondlezing],
        tijdstip: datetime,
        werk: _Werk,
    ) -> None:
        """Records the PGB each budget decision set in the region's register, ranked by the request's
        date of receipt; when the grant took room that requests received later had used (they were
        decided first), those later grants are reviewed (Awb art. 4:25 lid 3, `herzie_pgb`)."""
        datum = event.payload.ontvangstdatum if isinstance(event, AANVRAGEN) else event.occurred_at.date()
        for besluit in besluiten:
            if not isinstance(besluit, b.BudgetVastgesteld):
                continue
            p = besluit.payload
            delen = p.pgb_per_regio()
            # each region's register holds the part of the PGB under its indication (art. 5.10 with 8.12);
            # a region the budget no longer touches is left (its part is 0), as in the ledger
            eerder = {r for j, r, _ in voor.pgb_regios if j == p.jaar}
            eerder |= {t.regio for t in voor.toekenningen if t.thuis and t.periode.binnen_jaar(p.jaar) is not None}
            for regio in sorted(eerder - delen.keys()):
                if (oud := self._register(werk, regio, p.jaar)) is not None:
                    oud.wijs_toe(case_id, 0, datum, event.event_id)
            gelezen = lezingen.get(p.jaar)
            # the region this request was judged in (art. 5.10): the indication's region, after a move the new one
            getoetst = gelezen.regio if gelezen is not None and gelezen.regio in delen else p.regio
            for regio, bedrag in delen.items():
                if regio != getoetst and (elders := self._register(werk, regio, p.jaar)) is not None:
                    elders.wijs_toe(case_id, bedrag, datum, event.event_id)
            register = self._register(werk, getoetst, p.jaar)
            if register is None:
                continue
            pgb = delen.get(getoetst, 0)
            al = register.stand.van(case_id)
            register.wijs_toe(case_id, pgb, datum, event.event_id)
            if gelezen is None or gelezen.modus != "wettelijk" or gelezen.regio != getoetst or pgb <= al:
                continue
            herzieningen = te_herzien(register.stand, case_id, datum, pgb - al)
            self._laad_erbij(werk, [ander for ander, _ in herzieningen])
            for ander, verlaging in herzieningen:
                eigen = max(t.ontvangstdatum for t in register.stand.toewijzingen[ander])
                case = self._case_in(werk, ander, bestaat=True)
                for herzien in herzie_pgb(case.toestand, ander, event, tijdstip, gelezen, eigen, verlaging):
                    case.besluit(herzien)
                    if isinstance(herzien, b.BudgetVastgesteld):
                        register.wijs_toe(ander, herzien.payload.pgb_per_regio().get(register.stand.regio, 0), eigen, event.event_id)

    def leg_overheveling_vast(self, overheveling: b.PgbPlafondOvergeheveld) -> b.Plafondlezing:
        """Records an art. 8.12 overheveling in the register of its region and year (once per event id),
        and returns the register as it then stands. Grants already made are not reviewed (Awb art. 4:27
        lid 2); requests decided after it see the changed plafond."""
        p = overheveling.payload
        for poging in range(1, self.MAX_POGINGEN + 1):
            with ExitStack() as vrij:
                werk = _Werk(neem_slot=self._slot_in(vrij))
                register = self._register(werk, p.regio, p.jaar)
                if register is None:
                    raise OngeldigBericht("payload.jaar", f"deze dienst heeft geen pgb-plafonds voor {p.jaar} (art. 8.8/8.10/8.12)")
                if register.stand.plafond is None:
                    raise OngeldigBericht("payload.regio", f"het plafond {p.jaar} van {p.regio} is onzeker in de bron; eerst vaststellen")
                if all(o.event_id != overheveling.event_id for o in register.stand.overhevelingen):
                    register.leg_vast(overheveling.model_copy(update={"recorded_at": nu()}))
                    try:
                        self.save(register)
                    except IntegrityError:
                        log.warning("conflict while recording an overheveling, attempt %d", poging)
                        continue
                    self.registers.vastgelegd([register])
                return lezing(register.stand, UUID(int=0), date(p.jaar, 12, 31), self.settings.plafond_modus)
        raise RuntimeError("register kept changing underneath; gave up after retries")

    def plafondregister(self, regio: str, jaar: int) -> PlafondRegister | None:
        return self._register(_Werk(), regio, jaar)

    def verwerk_reeks(
        self, reeks: Sequence[tuple[Herkomst, InboundEvent | Rejection]], tijdstip: datetime | None = None
    ) -> list[list[DecisionEvent] | Rejection]:
        """Messages of one or more sources (Kafka partitions), each source's in their order, decided in
        order and recorded in ONE transaction with every source's highest position (so a batch costs one
        commit, not one per message nor one per partition).

        A message that cannot be read or acted on is recorded as an `OnleesbaarBericht` in the same
        transaction (the publisher puts it on the dead-letter topic). Messages at or below the recorded
        position are skipped: a redelivered batch changes nothing.
        """
        tijdstip = tijdstip or nu()
        conflict = IntegrityError("cases kept changing underneath; gave up after retries")
        for poging in range(1, self.MAX_POGINGEN + 1):
            try:
                return self._verwerk_reeks(reeks, tijdstip)
            except IntegrityError as fout:
                conflict = fout
                log.warning("conflict while recording a batch, attempt %d", poging)
            except (InvariantGeschonden, PersoonGewist):
                # A faulty decision in the batch, or a person erased meanwhile by another process: take
                # the messages one at a time, so only that one becomes a dead letter.
                return [self._los(bron, bericht, tijdstip) for bron, bericht in reeks]
        # a conflict that passes: the caller (services/adapters/kafka/verwerking.py) tries again later
        raise conflict

    def _verwerk_reeks(
        self, reeks: Sequence[tuple[Herkomst, InboundEvent | Rejection]], tijdstip: datetime
    ) -> list[list[DecisionEvent] | Rejection]:
        with ExitStack() as vrij:
            # each message's case id, keyed-hashed once (services/identity.py); None for a rejection
            per_bericht = [None if isinstance(x, Rejection) else self.case_id(x.payload.bsn) for _, x in reeks]
            case_ids = {case_id for case_id in per_bericht if case_id is not None}
            ontvangst_ids = {ontvangst_id(x.event_id) for _, x in reeks if not isinstance(x, Rejection)}
            # each record's position, made once (py-spy: a `Tracking` per access was 3 % of a batch of new clients)
            posities = [bron.tracking for bron, _ in reeks]
            # the sources' positions, and in the same round trip the cases that exist (read whole, or
            # what was recorded after the version kept in memory) and the event ids accepted before
            bewaard = self.geheugen.neem(case_ids)
            gedaan, stored = cast(Recorder, self.process_recorder).posities_en_events(
                {positie.application_name for positie in posities},
                (case_ids - bewaard.keys()) | ontvangst_ids,
                {case_id: case.version for case_id, case in bewaard.items()},
            )
            bekend, cases = self._laad(case_ids, stored, bewaard)
            werk = _Werk(bekend=bekend & case_ids, ontvangen=bekend - case_ids, cases=cases, neem_slot=self._slot_in(vrij))
            dood: list[OnleesbaarBericht] = []
            uitkomsten: list[list[DecisionEvent] | Rejection] = []
            for (bron, bericht), positie, case_id in zip(reeks, posities, per_bericht, strict=True):
                if positie.notification_id <= gedaan[positie.application_name]:
                    uitkomsten.append([])
                    continue
                if isinstance(bericht, Rejection):
                    dood.append(bron.onleesbaar(bericht, self.personen))
                    uitkomsten.append(bericht)
                    continue
                assert case_id is not None  # a message, not a rejection
                case = self._case_in(werk, case_id)
                try:
                    uitkomsten.append(self._beslis_op(case, bericht, tijdstip, werk))
                except OngeldigBericht as fout:
                    if not case.toestand.verwerkt and case.id not in bekend:
                        werk.cases.pop(case.id)  # a refused message leaves no empty case behind
                    afwijzing = Rejection("inhoud", fout.veld, fout.reden)
                    dood.append(bron.onleesbaar(afwijzing, self.personen))
                    uitkomsten.append(afwijzing)
                except PersoonGewist:
                    afwijzing = Rejection(GEWIST_SOORT, "payload.bsn", GEWIST_REDEN)
                    dood.append(bron.onleesbaar(afwijzing, self.personen))
                    uitkomsten.append(afwijzing)
            laatste: dict[str, int] = {}
            for positie in posities:
                naam = positie.application_name
                laatste[naam] = max(positie.notification_id, laatste.get(naam, 0))
            nieuw = [Tracking(naam, hoogste) for naam, hoogste in laatste.items() if hoogste > gedaan[naam]]
            if nieuw:
                self.kluis.bereid_voor(str(c) for c in werk.cases)  # the batch's personal keys in one round trip
                verwerking: ProcessingEvent[UUID] = ProcessingEvent(tracking=nieuw[0])
                verwerking.saved_kwargs.update(meer_tracking(nieuw[1:]))  # the other sources' positions, same transaction
                _verzamel(verwerking, [*werk.aggregaten(), *dood])
                recordings = self._record(verwerking)
                self.registers.vastgelegd(list(werk.registers.values()))
                self.geheugen.bewaar(werk.cases.values())
                vrij.close()  # the registers are recorded: the next writer may take the slot
                self._notify(recordings)
                if (buffer := self.buffer) is not None:  # read once: the Kafka app may drop it meanwhile
                    buffer.voeg_toe(self._voor_lezers(r) for r in recordings)
            return uitkomsten

    def _voor_lezers(self, recording: Recording[UUID]) -> tuple[int, Entry]:
        """A notification just recorded as `berichten_na` would read it back from the store."""
        event = recording.domain_event
        if isinstance(event, WlzCase.Vastgelegd | PlafondRegister.Vastgelegd):
            return recording.notification.id, (event.bericht.get("event_type"), event.bericht)
        if isinstance(event, OnleesbaarBericht.Created):
            # decoded from what was stored: there, a raw message naming an erased person is redacted
            gelezen = self.mapper.to_domain_event(recording.notification)
            return recording.notification.id, (ONLEESBAAR_TYPE, {"event_type": ONLEESBAAR_TYPE, **_argumenten(gelezen)})
        return recording.notification.id, (None, None)

    def _los(self, bron: Herkomst, bericht: InboundEvent | Rejection, tijdstip: datetime) -> list[DecisionEvent] | Rejection:
        """One message on its own (the slow path after a faulty decision in a batch)."""
        try:
            return self._verwerk_reeks([(bron, bericht)], tijdstip)[0]
        except InvariantGeschonden as fout:
            afwijzing = Rejection("invariant", "(case)", str(fout))
        except PersoonGewist:
            afwijzing = Rejection(GEWIST_SOORT, "payload.bsn", GEWIST_REDEN)
        self._verwerk_reeks([(bron, afwijzing)], tijdstip)
        return afwijzing

    def _laad(
        self, case_ids: set[UUID], gelezen: list[StoredEvent], bewaard: Mapping[UUID, WlzCase] | None = None
    ) -> tuple[set[UUID], dict[UUID, WlzCase]]:
        """Which aggregates exist, and the existing cases: those kept in memory (`bewaard`, copies) with
        what was recorded on them since, the others built whole; from the events of a batch's cases and
        `Ontvangst` ids read in one query (a case's history is short: reading it costs less than the
        round trip per case that the library's aggregate cache would make to fast-forward)."""
        bewaard = bewaard or {}
        per_id: dict[UUID, list[StoredEvent]] = {}
        for stored in gelezen:
            per_id.setdefault(cast(UUID, stored.originator_id), []).append(stored)  # a UUID from both stores
        self.kluis.lees_voor(str(c) for c in per_id.keys() & case_ids)  # their keys in one read, not one per case
        cases: dict[UUID, WlzCase] = {}
        for case_id in (per_id.keys() | bewaard.keys()) & case_ids:
            eerder = bewaard.get(case_id)
            versie = eerder.version if eerder is not None else 0
            nieuw = (self.mapper.to_domain_event(s) for s in per_id.get(case_id, ()) if s.originator_version > versie)
            case = projecteer(eerder, nieuw)
            if isinstance(case, WlzCase):
                cases[case_id] = case
        return set(per_id) | bewaard.keys(), cases

    def _bestaande_cases(self, case_ids: set[UUID]) -> set[UUID]:
        """Which of these cases have events, in one query (a new client's case needs no read)."""
        return cast(Recorder, self.recorder).existing_ids(case_ids) if case_ids else set()

    def _case(self, case_id: UUID) -> WlzCase:
        try:
            gevonden: object = self.repository.get(case_id, projector_func=projecteer)
        except AggregateNotFoundError:
            return WlzCase(case_id)
        assert isinstance(gevonden, WlzCase)
        return gevonden

    @staticmethod
    def _controleer(event: InboundEvent, toestand: CaseToestand) -> None:
        if isinstance(event, i.IndicatieOntvangen) and event.payload.zorgprofiel not in zorgprofielen():
            raise OngeldigBericht("payload.zorgprofiel", f"onbekend zorgprofiel {event.payload.zorgprofiel!r}")
        if (onbekend := onbekende_verwijzing(toestand.toewijzingen, event)) is not None:
            raise OngeldigBericht(*onbekend)  # a provider's report that names no toewijzing of this case
        if isinstance(event, i.IndicatieBeeindigd):
            indicatie = toestand.indicatie
            if indicatie is None or indicatie.indicatiebesluit_id != event.payload.indicatiebesluit_id:
                raise OngeldigBericht("payload.indicatiebesluit_id", "geen lopend indicatiebesluit met dit id voor deze verzekerde")
            if event.payload.einddatum < indicatie.periode.van:
                # an end before the start would leave grants running with no end of care (MEZ) for the CAK
                raise OngeldigBericht("payload.einddatum", "einddatum ligt voor de ingangsdatum van het indicatiebesluit")

    def toestand(self, case_id: UUID) -> CaseToestand | None:
        try:
            gevonden: object = self.repository.get(case_id, projector_func=projecteer)
        except AggregateNotFoundError:
            return None
        assert isinstance(gevonden, WlzCase)
        return gevonden.toestand

    def historie(self, case_id: UUID) -> list[AnyEvent]:
        """Every event of a case as recorded, oldest first (the audit trail)."""
        return [
            parse_event(e.bericht, uit_de_store=True) for e in self.repository.event_store.get(case_id) if isinstance(e, WlzCase.Vastgelegd)
        ]

    def _vul_buffer(self, buffer: NotificationBuffer, positie: int, limiet: int) -> list[tuple[int, Entry]]:
        """The store's notifications after `positie` into the buffer, decoded once for every reader; the
        ids between them that the store does not hold were rolled back for good (a writer holds the table
        lock until it commits), so they are entered as holding nothing. Returns what it entered (empty when
        there is nothing new)."""
        notificaties = self.recorder.select_notifications(positie + 1, limiet)
        if not notificaties:
            return []
        entries: list[tuple[int, Entry]] = []
        volgende = positie + 1
        for notificatie in notificaties:
            entries += [(gat, (None, None)) for gat in range(volgende, notificatie.id)]
            entries.append((notificatie.id, self._gelezen(notificatie)))
            volgende = notificatie.id + 1
        self._ontsleutel([entry for _, entry in entries])
        buffer.voeg_toe(entries)
        return entries

    def _gelezen(self, notificatie: StoredEvent, staat: bytes | None = None) -> Entry:
        """One stored notification as a reader gets it, its personal fields still encrypted
        (`_ontsleutel`): a contract event, a dead letter, or nothing. `staat`: its decoded bytes when the
        caller has them already."""
        if notificatie.topic == ONLEESBAAR_TOPIC:
            # not a contract event: the publisher turns it into a dead-letter record
            return ONLEESBAAR_TYPE, {"event_type": ONLEESBAAR_TYPE, **_argumenten(self.mapper.to_domain_event(notificatie))}
        if notificatie.topic in (VASTGELEGD_TOPIC, REGISTER_TOPIC):
            # the contract JSON holds only JSON-native values: plain json is enough, and much faster than
            # the transcoder's object hooks on millions of events
            bericht = json.loads(staat if staat is not None else self._store_mapper.decoded_state(notificatie))["bericht"]
            return bericht.get("event_type"), bericht
        return None, None

    def _ontsleutel(self, gelezen: Iterable[Entry], alleen: frozenset[str] | None = None) -> None:
        """In place: the personal fields of these contract events (of the types in `alleen`, or all)
        decrypted as every reader sees them, their persons' keys read in one query first. Key by key, a
        publisher behind by more than the key cache's lifetime read one key per event (3,0 % of the
        service process's samples, py-spy, under bench/ingest.py with 100.000 events)."""
        berichten = [b for soort, b in gelezen if b is not None and soort != ONLEESBAAR_TYPE and (alleen is None or soort in alleen)]
        self.kluis.lees_voor(str(c) for b in berichten if (c := b.get("case_id")))
        for bericht in berichten:
            ontsleutel(bericht, self.kluis)

    def berichten_na(
        self, positie: int, limiet: int = 1000, alleen: frozenset[str] | None = None, lezer: str | None = None
    ) -> tuple[int, list[tuple[int, dict[str, Any]]]]:
        """Stored contract events after notification `positie`, oldest first, and the last notification id
        read (for feeds and projections that keep their own position). A `lezer` that follows the store
        in this process gets what this process just recorded from memory when it can (`buffer`)."""
        if lezer is not None and (buffer := self.buffer) is not None:  # read once: it may be dropped meanwhile
            uit_buffer = buffer.lees(lezer, positie, limiet, alleen)
            if uit_buffer is None:
                # what another process recorded, or what this reader fell behind on: read from the store
                # once for every reader, not once each
                entries = self._vul_buffer(buffer, positie, limiet)
                if not entries:
                    return positie, []  # nothing after `positie` in the store
                uit_buffer = buffer.lees(lezer, positie, limiet, alleen)
                if uit_buffer is None:
                    # a reader so far behind that the full buffer dropped these oldest entries at once:
                    # answered from what was just read and decoded, not read and decoded a second time
                    return entries[-1][0], [(n, b) for n, (soort, b) in entries if b is not None and (alleen is None or soort in alleen)]
            return uit_buffer
        notificaties = self.recorder.select_notifications(positie + 1, limiet)
        resultaat = []
        filters = [t.encode() for t in alleen] if alleen is not None else None
        gelezen: list[Entry] = []
        for notificatie in notificaties:
            staat = None
            if alleen is not None and filters is not None:
                # `alleen`: only these event types; skip the others before decoding them (a rebuild reads
                # millions of events and needs only the budgets)
                if notificatie.topic == ONLEESBAAR_TOPIC:
                    if ONLEESBAAR_TYPE not in alleen:
                        continue
                else:
                    staat = self._store_mapper.decoded_state(notificatie)
                    if not any(f in staat for f in filters):
                        continue
            soort, bericht = entry = self._gelezen(notificatie, staat)
            if bericht is not None and (alleen is None or soort in alleen):
                resultaat.append((notificatie.id, bericht))
                gelezen.append(entry)
        self._ontsleutel(gelezen, alleen)
        laatste = notificaties[-1].id if notificaties else positie
        return laatste, resultaat
