"""Retourberichten: the receiver of an iWlz message answers with its retour, carrying the standard's
retourcodes (LDT_RetourCode of the basisschema) per record.

We send IO32 (for IO31), AW36 (for AW35) and AW310 (for AW39): the received records repeated, each with
its RetourCodes. We receive AW34 (for our AW33), CA318 (for CA317) and CA320 (for CA319): `lees_retour`
collects their codes per record so they can be recorded. Codes used when sending:
0200 no remark (taken), 0233 record not assessed (another record rejected the message), 0001 rejected
for technical reasons (not valid against the XSD), S002 the BSN fails the elfproef (CS002).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from xmlschema.validators import XsdElement

from services.adapters.iwlz.schemas import BERICHTSOORTEN, Gelezen, IwlzError, codelijst, kind, kinderen, schema, schrijf, xsd_versie

RETOUR_VAN = {"IO31": "IO32", "AW35": "AW36", "AW39": "AW310"}
"""The retour we send for a message we receive."""
HEEN_VAN = {"AW34": "AW33", "CA318": "CA317", "CA320": "CA319"}
"""The message of ours a received retour answers."""

GEEN_OPMERKING = "0200"
NIET_BEOORDEELD = "0233"
TECHNISCH_AFGEKEURD = "0001"


def identificatie(*delen: object) -> str:
    """A message Identificatie (at most 12 characters, so no UUID): deterministic from what caused it."""
    return uuid5(NAMESPACE_URL, "|".join(map(str, delen))).hex[:12].upper()


def _met_retourcodes(element: XsdElement, bron: Any, code: str) -> Any:
    """The received content in the retour's shape: every record type of the retour that has a
    RetourCodes child gets it, in XSD order; elements the retour does not have are left out."""
    if isinstance(bron, list):
        return [_met_retourcodes(element, b, code) for b in bron]
    if not isinstance(bron, dict):
        return bron
    uit: dict[str, Any] = {}
    for k in kinderen(element):
        naam = str(k.local_name)
        if naam == "RetourCodes" and naam not in bron:
            uit[naam] = {"RetourCode": [code]}
        elif naam in bron and bron[naam] is not None:
            uit[naam] = _met_retourcodes(k, bron[naam], code)
    return uit


def _kop(retour: str, ontvangen_kop: dict[str, Any], vandaag: date, codes: list[str] | None) -> dict[str, Any]:
    soort = BERICHTSOORTEN[retour]
    namen = [str(k.local_name) for k in kinderen(kind(schema(retour).elements["Bericht"], "Header"))]
    kop: dict[str, Any] = {}
    for naam in namen:
        if naam == "BerichtCode":
            kop[naam] = soort.berichtcode
        elif naam in ("BerichtVersie", "BerichtSubversie", "Afzender", "Ontvanger") and naam in ontvangen_kop:
            kop[naam] = ontvangen_kop[naam]
        elif naam == "BerichtIdentificatie":
            ontvangen = ontvangen_kop["BerichtIdentificatie"]
            nieuw = identificatie(retour, ontvangen["Identificatie"], ontvangen["Dagtekening"])
            kop[naam] = {"Identificatie": nieuw, "Dagtekening": vandaag.isoformat()}
        elif naam == "XsdVersie":
            kop[naam] = xsd_versie(retour)
        elif naam == "IdentificatieRetour":
            kop[naam] = ontvangen_kop["BerichtIdentificatie"]["Identificatie"]
        elif naam == "DagtekeningRetour":
            kop[naam] = ontvangen_kop["BerichtIdentificatie"]["Dagtekening"]
        elif naam == "XsdVersieRetour":
            kop[naam] = ontvangen_kop["XsdVersie"]
        elif naam == "RetourCodes" and codes:
            kop[naam] = {"RetourCode": codes}
    return kop


def retourbericht(gelezen: Gelezen, fout: IwlzError | None, vandaag: date) -> bytes:
    """The retour of a received message that was valid against its XSD: every record 0200 when it was
    taken; when it was refused, the refused client gets the rule's code and the others 0233."""
    return _retour(gelezen, RETOUR_VAN[gelezen.soort.naam], fout, vandaag)


def retour_op(gelezen: Gelezen, retour: str, code: str, vandaag: date) -> bytes:
    """Any message's retour with one code on every record: what a receiver of our AW33, CA317 or CA319
    answers (AW34, CA318, CA320), e.g. to test that we read and record it."""
    return _retour(gelezen, retour, None, vandaag, code)


def _retour(gelezen: Gelezen, retour: str, fout: IwlzError | None, vandaag: date, code_alle: str = GEEN_OPMERKING) -> bytes:
    xsd = schema(retour)
    client_element = kind(kind(xsd.elements["Bericht"], "Clienten"), "Client")
    clienten = []
    for n, client in enumerate(gelezen.data["Clienten"]["Client"], start=1):
        if fout is None:
            code = code_alle
        elif fout.pad.startswith(f"/Bericht/Clienten/Client[{n}]"):
            code = fout.retourcode
        else:
            code = NIET_BEOORDEELD
        clienten.append(_met_retourcodes(client_element, client, code))
    kopcodes = None if fout is None or fout.pad.startswith("/Bericht/Clienten/Client[") else [fout.retourcode]
    data = {"Header": _kop(retour, gelezen.data["Header"], vandaag, kopcodes), "Clienten": {"Client": clienten}}
    return schrijf(retour, data)


def retour_op_header(soort: str, xml: bytes, vandaag: date) -> bytes | None:
    """The retour of a received message that failed its XSD: the header only, with 0001 (rejected for
    technical reasons). None when not even the header can be read to address it."""
    retour = RETOUR_VAN.get(soort)
    if retour is None:
        return None
    try:
        gelezen: Any = schema(soort).to_dict(xml, strip_namespaces=True, validation="lax")
        data = gelezen[0]
        return schrijf(retour, {"Header": _kop(retour, data["Header"], vandaag, [TECHNISCH_AFGEKEURD])})
    except Exception:  # an unreadable header: there is nobody to answer; the dead letter keeps it
        return None


@dataclass(frozen=True, slots=True)
class Retourcode:
    pad: str  # element path of the record in the retour
    code: str
    omschrijving: str


@dataclass(frozen=True, slots=True)
class Retour:
    """A received retour (AW34, CA318, CA320): which message of ours it answers and its codes."""

    soort: str
    heen: str  # AW33, CA317, CA319
    identificatie_retour: str
    dagtekening_retour: str
    codes: tuple[Retourcode, ...]
    bsns: tuple[str, ...]

    @property
    def afgekeurd(self) -> bool:
        """Anything but 0200 (no remark) is something to look at."""
        return any(c.code != GEEN_OPMERKING for c in self.codes)


def lees_retour(gelezen: Gelezen) -> Retour:
    omschrijvingen = codelijst("LDT_RetourCode")
    codes: list[Retourcode] = []

    def verzamel(waarde: Any, pad: str) -> None:
        if isinstance(waarde, list):
            for n, w in enumerate(waarde, start=1):
                verzamel(w, f"{pad}[{n}]")
        elif isinstance(waarde, dict):
            for sleutel, inhoud in waarde.items():
                if sleutel == "RetourCodes":
                    for code in inhoud["RetourCode"]:
                        codes.append(Retourcode(pad, str(code), omschrijvingen.get(str(code), "")))
                else:
                    verzamel(inhoud, f"{pad}/{sleutel}")

    verzamel(gelezen.data, "/Bericht")
    kop = gelezen.data["Header"]
    clienten = (gelezen.data.get("Clienten") or {}).get("Client") or []
    return Retour(
        gelezen.soort.naam,
        HEEN_VAN[gelezen.soort.naam],
        str(kop["IdentificatieRetour"]),
        str(kop["DagtekeningRetour"]),
        tuple(codes),
        tuple(str(c["Bsn"]) for c in clienten),
    )
