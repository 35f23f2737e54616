"""Outbound iWlz messages from recorded decisions: AW33 for every toewijzing (to the zorgaanbieder; a change
of provider gives two: the old toewijzing ended, the new one), CA317 for every start of delivery and
CA319 for every change or end (to the CAK). Pure: a decision (contract JSON) and what the case knows of
the client in, XML out; every message is written through `schemas.schrijf`, so it is XSD-valid or not
written at all. The field-by-field mapping is the table in this package's README.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from services.adapters.iwlz.codes import zorgkantoorcode_van, zzp_code_van
from services.adapters.iwlz.retour import identificatie
from services.adapters.iwlz.schemas import schrijf, xsd_versie

REDEN_ANDERE_AANBIEDER = "7"  # LDT_RedenIntrekking: andere aanbieder heeft de client in zorg genomen
SOORT_REGULIER = "1"  # LDT_SoortToewijzing
EERSTE_AANLEVERING = "1"  # LDT_StatusAanlevering
PARTNEROPNAME_NEE = "2"  # this service assigns no partnerverblijf (ZZP 999)

UITGAANDE_BESLUITEN = frozenset(
    {"ZorgToegewezen", "ZorgaanbiederGewisseld", "ZorgleveringGestart", "ZorgleveringGewijzigd", "ZorgleveringBeeindigd"}
)


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    """One outbound message: its type, who receives it, its Identificatie, and the XML."""

    soort: str  # AW33, CA317, CA319
    ontvanger: str  # AGB code of the zorgaanbieder, or CAK
    identificatie: str
    event_id: str
    regio: str
    case_id: str
    xml: bytes


@dataclass(frozen=True, slots=True)
class Persoon:
    """What the messages need of the client, from the case's IndicatieOntvangen (never from a decision)."""

    bsn: str
    geboortedatum: date | None
    iwlz_client: dict[str, str]  # indicatiebesluit_id -> the IO31 Client block (JSON)


class NietTeMaken(ValueError):
    """A decision whose message cannot be made from what is recorded (named, never filled in)."""


def uuid4_vorm(basis: UUID, soort: str) -> str:
    """A deterministic id in the form the CA messages accept (lowercase, version 4 bits)."""
    return str(UUID(int=uuid5(basis, soort).int, version=4))


def _kop(soort: str, event_id: str, moment: datetime, afzender: str, ontvanger: str | None) -> dict[str, Any]:
    codes = {"AW33": "352", "CA317": "406", "CA319": "410"}
    kop: dict[str, Any] = {"BerichtCode": codes[soort], "BerichtVersie": "5", "BerichtSubversie": "2", "Afzender": afzender}
    if ontvanger is not None:
        kop["Ontvanger"] = ontvanger
    nummer = identificatie(soort, event_id, ontvanger or "")
    kop["BerichtIdentificatie"] = {"Identificatie": nummer, "Dagtekening": moment.date().isoformat()}
    kop["XsdVersie"] = xsd_versie(soort)
    return kop


def _bericht(soort: str, ontvanger: str, kop: dict[str, Any], bericht: dict[str, Any], regio: str, xml: bytes) -> OutboundMessage:
    nummer = str(kop["BerichtIdentificatie"]["Identificatie"])
    return OutboundMessage(soort, ontvanger, nummer, str(bericht["event_id"]), regio, str(bericht["case_id"]), xml)


def _moment(bericht: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(bericht.get("recorded_at") or bericht["occurred_at"]))


def _client(client_json: str | None, besluitnummer: str) -> dict[str, Any]:
    if not client_json:
        raise NietTeMaken(
            "AW33 herhaalt de cliëntgegevens van de IO31 (naam, geslacht, leefeenheid, contact); die zijn er niet voor deze indicatie"
        )
    if not besluitnummer.isdigit():
        raise NietTeMaken("AW33: het Besluitnummer is in iWlz een getal; dit indicatiebesluit kwam niet uit een IO31")
    return dict(json.loads(client_json))


def _toegewezen_zzp(t: dict[str, Any], moment: datetime, zorgkantoor: str, reden: str | None) -> dict[str, Any]:
    zzp: dict[str, Any] = {
        "ZzpCode": zzp_code_van(t["zorgprofiel"]),
        "Instelling": t["zorgaanbieder"],
        "Zorgkantoor": zorgkantoor,
        "Soort": SOORT_REGULIER,
        "Toewijzingsdatum": moment.date().isoformat(),
        "Toewijzingstijd": moment.time().replace(microsecond=0, tzinfo=None).isoformat(),
        "ToewijzingPercentage": int(t["omvang_procent"]) * 100,
        "Ingangsdatum": t["ingangsdatum"],
    }
    if t.get("einddatum"):
        zzp["Einddatum"] = t["einddatum"]
    if reden is not None:
        zzp["RedenIntrekking"] = reden
    zzp["Leveringsvorm"] = str(t["leveringsvorm"]["iwlz_code"])
    return zzp


def aw33(bericht: dict[str, Any], t: dict[str, Any], persoon: Persoon, reden: str | None = None) -> OutboundMessage:
    """AW33 to the zorgaanbieder of toewijzing `t` (a `Toewijzing` of the contract, as JSON)."""
    moment = _moment(bericht)
    zorgkantoor = zorgkantoorcode_van(t["regio"])
    besluitnummer = str(t["indicatiebesluit_id"])
    io31 = _client(persoon.iwlz_client.get(besluitnummer), besluitnummer)
    if persoon.geboortedatum is None:
        raise NietTeMaken("AW33 vraagt de geboortedatum; die is gewist")
    indicatie = io31["Indicatie"]
    aw33_indicatie: dict[str, Any] = {"Besluitnummer": int(t["indicatiebesluit_id"]), "Soort": indicatie["Soort"]}
    for veld in ("Grondslagen", "Afgiftedatum", "Ingangsdatum", "Einddatum"):
        if indicatie.get(veld) is not None:
            aw33_indicatie[veld] = indicatie[veld]
    aw33_indicatie["ToegewezenZorgzwaartepakketten"] = {"ToegewezenZorgzwaartepakket": [_toegewezen_zzp(t, moment, zorgkantoor, reden)]}
    client: dict[str, Any] = {"Bsn": persoon.bsn, "GeheimeClient": io31["GeheimeClient"]}
    client["Geboortedatum"] = {"Datum": persoon.geboortedatum.isoformat()}
    for veld in ("Geslacht", "BurgerlijkeStaat", "Naam", "Leefeenheid"):
        if io31.get(veld) is not None:
            client[veld] = io31[veld]
    client["Partneropname"] = PARTNEROPNAME_NEE
    client["Contactgegevens"] = io31["Contactgegevens"]
    client["Indicatie"] = aw33_indicatie
    kop = _kop("AW33", f"{bericht['event_id']}:{t['toewijzing_id']}", moment, zorgkantoor, t["zorgaanbieder"])
    xml = schrijf("AW33", {"Header": kop, "Clienten": {"Client": [client]}})
    return _bericht("AW33", t["zorgaanbieder"], kop, bericht, t["regio"], xml)


def ca317(bericht: dict[str, Any], bsn: str) -> OutboundMessage:
    p = bericht["payload"]
    moment = _moment(bericht)
    kop = _kop("CA317", str(bericht["event_id"]), moment, zorgkantoorcode_van(p["regio"]), None)
    zorg = {
        "GeleverdeZorgID": uuid4_vorm(UUID(str(bericht["event_id"])), "CA317"),
        "Startdatum": p["begindatum"],
        "ZzpCode": zzp_code_van(p["zorgprofiel"]),
        "Instelling": p["zorgaanbieder"],
        "Leveringsvorm": str(p["leveringsvorm"]["iwlz_code"]),
        "StatusAanlevering": EERSTE_AANLEVERING,
    }
    xml = schrijf("CA317", {"Header": kop, "Clienten": {"Client": [{"Bsn": bsn, "ZorgLeveringen": {"GeleverdeZorg": [zorg]}}]}})
    return _bericht("CA317", "CAK", kop, bericht, p["regio"], xml)


def ca319(bericht: dict[str, Any], bsn: str) -> OutboundMessage:
    p = bericht["payload"]
    moment = _moment(bericht)
    kop = _kop("CA319", str(bericht["event_id"]), moment, zorgkantoorcode_van(p["regio"]), None)
    mutatie = {
        "MutatieZorgID": uuid4_vorm(UUID(str(bericht["event_id"])), "CA319"),
        "Mutatiecode": p["mutatiecode"],
        "Mutatiedatum": p["mutatiedatum"],
        "StatusAanlevering": EERSTE_AANLEVERING,
    }
    xml = schrijf("CA319", {"Header": kop, "Clienten": {"Client": [{"Bsn": bsn, "MutatiesZorg": {"MutatieZorg": [mutatie]}}]}})
    return _bericht("CA319", "CAK", kop, bericht, p["regio"], xml)


def berichten(bericht: dict[str, Any], persoon: Persoon | None) -> list[OutboundMessage]:
    """The outbound messages of one recorded decision (none for other events, or without a BSN: an
    erased person gets no messages). Raises NietTeMaken when what is recorded cannot make one."""
    soort = bericht.get("event_type")
    if soort not in UITGAANDE_BESLUITEN or persoon is None or persoon.bsn == "GEWIST":
        return []
    p = bericht["payload"]
    if soort == "ZorgToegewezen":
        return [aw33(bericht, p, persoon)]
    if soort == "ZorgaanbiederGewisseld":
        return [aw33(bericht, p["oud"], persoon, REDEN_ANDERE_AANBIEDER), aw33(bericht, p["nieuw"], persoon)]
    if soort == "ZorgleveringGestart":
        return [ca317(bericht, persoon.bsn)]
    return [ca319(bericht, persoon.bsn)]


class Personen:
    """Follows the IndicatieOntvangen events of a stream of stored events, so the decisions after them
    can be addressed (a case's BSN and IO31 client block)."""

    def __init__(self) -> None:
        # case id -> (BSN, birth date, ((indicatiebesluit_id, IO31 Client block as JSON), ...)): plain tuples
        # of strs and a date, which the garbage collector stops tracking. One is kept per case for as long
        # as the publisher runs, and as Persoon instances they were objects it scanned at every full
        # collection: 15.600 after a minute at 500 events/s (bench/ingest.py with gc counts added for a
        # run), a national population's in the end. (A named tuple is never untracked: only exact tuples are.)
        self._per_case: dict[str, tuple[str, date | None, tuple[tuple[str, str], ...]]] = {}

    def zie(self, bericht: dict[str, Any]) -> None:
        if bericht.get("event_type") == "PersoonsgegevensGewist":
            # art. 17 AVG: the erased person's BSN, birth date and client block leave this memory too (the
            # decision publisher forgets its BSN likewise); a decision after it finds no person
            self._per_case.pop(str(bericht["case_id"]), None)
            return
        if bericht.get("event_type") != "IndicatieOntvangen":
            return
        p = bericht["payload"]
        case_id = str(bericht["case_id"])
        eerder = self._per_case.get(case_id)
        clients = dict(eerder[2]) if eerder else {}
        if p.get("iwlz_client"):
            clients[str(p["indicatiebesluit_id"])] = p["iwlz_client"]
        geboren = date.fromisoformat(p["geboortedatum"]) if p.get("geboortedatum") else None
        self._per_case[case_id] = (p["bsn"], geboren, tuple(clients.items()))

    def van(self, case_id: str) -> Persoon | None:
        bewaard = self._per_case.get(case_id)
        return None if bewaard is None else Persoon(bewaard[0], bewaard[1], dict(bewaard[2]))
