"""The zorgaanbieder's reports and the retours we receive, as inbound contract events:
AW35 (melding aanvang zorglevering) -> `AanvangZorgGemeld` per GeleverdZorgzwaartepakket,
AW39 (mutaties in de zorglevering) -> `MutatieZorgGemeld` per MutatieZorgzwaartepakket,
AW34 / CA318 / CA320 (retours on our AW33 / CA317 / CA319) -> `RetourOntvangen` per Client.

Functies (GeleverdeFuncties, MutatieFuncties) and AW39 Aanvragen are not assigned by this service: a
message with them is refused, naming the element. So is a record with StatusAanlevering 3 (verwijderen):
withdrawing a report is not supported, and it is said so rather than ignored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from events import InboundEvent
from events.toewijzing import (
    AanvangZorgGemeld,
    AanvangZorgGemeldPayload,
    MutatieZorgGemeld,
    MutatieZorgGemeldPayload,
    RetourOntvangen,
    RetourOntvangenPayload,
)
from events.toewijzing import Retourcode as RetourcodeContract
from services.adapters.iwlz.codes import OnbekendeCode, leveringsvorm_van, zorgprofiel_van
from services.adapters.iwlz.io31 import CLIENT, controleer_bsn, event_id, indicaties, tijdstip
from services.adapters.iwlz.retour import lees_retour
from services.adapters.iwlz.schemas import Gelezen, IwlzError

ONTVANGEN = frozenset({"IO31", "AW35", "AW39", "AW34", "CA318", "CA320"})
"""The messages the zorgkantoor receives."""
VERWIJDEREN = "3"  # LDT_StatusAanlevering


def _niet_ondersteund(gelezen: Gelezen, client: dict[str, Any], pad: str, namen: tuple[str, ...]) -> None:
    for naam in namen:
        if client.get(naam):
            regel = f"{naam}: niet ondersteund (deze service wijst alleen zorgzwaartepakketten toe)"
            raise IwlzError(gelezen.bericht_id, f"{pad}/{naam}", regel, "inhoud")


def _verwijzing(gelezen: Gelezen, client: dict[str, Any], record: dict[str, Any], pad: str) -> dict[str, Any]:
    if str(record["StatusAanlevering"]) == VERWIJDEREN:
        regel = "StatusAanlevering 3 (verwijderen) wordt niet ondersteund"
        raise IwlzError(gelezen.bericht_id, f"{pad}/StatusAanlevering", regel, "inhoud")
    try:
        zorgprofiel = zorgprofiel_van(str(record["ZzpCode"]))
    except OnbekendeCode as fout:
        raise IwlzError(gelezen.bericht_id, f"{pad}/ZzpCode", str(fout), "inhoud", "0233") from None
    try:
        leveringsvorm = leveringsvorm_van(str(record["Leveringsvorm"]))
    except OnbekendeCode as fout:
        raise IwlzError(gelezen.bericht_id, f"{pad}/Leveringsvorm", str(fout), "inhoud", "0233") from None
    return {
        "bsn": str(client["Bsn"]),
        "indicatiebesluit_id": str(record["Besluitnummer"]),
        "zorgprofiel": zorgprofiel,
        "zorgaanbieder": str(record["Instelling"]),
        "toewijzing_ingangsdatum": date.fromisoformat(str(record["ToewijzingIngangsdatum"])),
        "leveringsvorm": leveringsvorm,
        "bericht": f"{gelezen.soort.naam} {gelezen.bericht_id}",
    }


def _contract_fout(gelezen: Gelezen, pad: str, fout: ValidationError) -> IwlzError:
    eerste = fout.errors(include_input=False, include_url=False)[0]
    return IwlzError(gelezen.bericht_id, pad, f"{'.'.join(map(str, eerste['loc']))}: {eerste['msg']}", "inhoud")


def aanvang(gelezen: Gelezen) -> list[InboundEvent]:
    uit: list[InboundEvent] = []
    for n, client in enumerate(gelezen.data["Clienten"]["Client"], start=1):
        pad = f"{CLIENT}[{n}]"
        controleer_bsn(gelezen, f"{pad}/Bsn", str(client["Bsn"]))
        _niet_ondersteund(gelezen, client, pad, ("GeleverdeFuncties",))
        pakketten = (client.get("GeleverdeZorgzwaartepakketten") or {}).get("GeleverdZorgzwaartepakket") or []
        if not pakketten:
            raise IwlzError(gelezen.bericht_id, f"{pad}/GeleverdeZorgzwaartepakketten", "geen geleverd zorgzwaartepakket", "inhoud")
        for m, pakket in enumerate(pakketten, start=1):
            regel = f"{pad}/GeleverdeZorgzwaartepakketten/GeleverdZorgzwaartepakket[{m}]"
            try:
                payload = AanvangZorgGemeldPayload(
                    **_verwijzing(gelezen, client, pakket, regel), begindatum=date.fromisoformat(str(pakket["Begindatum"]))
                )
            except ValidationError as fout:
                raise _contract_fout(gelezen, regel, fout) from None
            uit.append(
                AanvangZorgGemeld(
                    event_id=event_id("AW35", gelezen, n, m), occurred_at=tijdstip(gelezen.dagtekening), payload=payload
                )
            )
    return uit


def mutaties(gelezen: Gelezen) -> list[InboundEvent]:
    uit: list[InboundEvent] = []
    for n, client in enumerate(gelezen.data["Clienten"]["Client"], start=1):
        pad = f"{CLIENT}[{n}]"
        controleer_bsn(gelezen, f"{pad}/Bsn", str(client["Bsn"]))
        _niet_ondersteund(gelezen, client, pad, ("MutatieFuncties", "Aanvragen"))
        pakketten = (client.get("MutatieZorgzwaartepakketten") or {}).get("MutatieZorgzwaartepakket") or []
        if not pakketten:
            raise IwlzError(gelezen.bericht_id, f"{pad}/MutatieZorgzwaartepakketten", "geen mutatie van een zorgzwaartepakket", "inhoud")
        for m, pakket in enumerate(pakketten, start=1):
            regel = f"{pad}/MutatieZorgzwaartepakketten/MutatieZorgzwaartepakket[{m}]"
            try:
                payload = MutatieZorgGemeldPayload(
                    **_verwijzing(gelezen, client, pakket, regel),
                    mutatiecode=str(pakket["Mutatiecode"]),
                    mutatiedatum=date.fromisoformat(str(pakket["Mutatiedatum"])),
                    zorgaanbieder_bestemming=str(pakket["InstellingBestemming"]) if pakket.get("InstellingBestemming") else None,
                )
            except ValidationError as fout:
                raise _contract_fout(gelezen, regel, fout) from None
            uit.append(
                MutatieZorgGemeld(
                    event_id=event_id("AW39", gelezen, n, m), occurred_at=tijdstip(gelezen.dagtekening), payload=payload
                )
            )
    return uit


def retouren(gelezen: Gelezen) -> list[InboundEvent]:
    """A retour recorded on the case of each client it names, with that client's codes."""
    retour = lees_retour(gelezen)
    uit: list[InboundEvent] = []
    for n, bsn in enumerate(retour.bsns, start=1):
        pad = f"{CLIENT}[{n}]"
        controleer_bsn(gelezen, f"{pad}/Bsn", bsn)
        codes = [
            RetourcodeContract(pad=c.pad, code=c.code)
            for c in retour.codes
            if c.pad == pad or c.pad.startswith(pad + "/") or c.pad == "/Bericht/Header"
        ]
        uit.append(
            RetourOntvangen(
                event_id=event_id(retour.soort, gelezen, n),
                occurred_at=tijdstip(gelezen.dagtekening),
                payload=RetourOntvangenPayload(
                    bsn=bsn,
                    bericht=retour.soort,
                    heen=retour.heen,
                    identificatie_retour=retour.identificatie_retour,
                    retourcodes=codes,
                ),
            )
        )
    return uit


def inbound_events(gelezen: Gelezen) -> list[InboundEvent]:
    """The contract events of a received message (raises IwlzError naming the first record refused)."""
    naam = gelezen.soort.naam
    if naam == "IO31":
        return list(indicaties(gelezen))
    if naam == "AW35":
        return aanvang(gelezen)
    if naam == "AW39":
        return mutaties(gelezen)
    return retouren(gelezen)
