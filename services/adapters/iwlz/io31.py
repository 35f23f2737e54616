"""IO31 (indicatiebesluit, CIZ -> zorgkantoor) -> `IndicatieOntvangen`, one per Client.

The mapping, field by field, is the table in this package's README. A message is taken whole or not
at all: one client that cannot be mapped (a BSN failing the elfproef, a ZZP code without a zorgprofiel,
a zorgkantoor code without a regio) rejects the message, naming the message id, the element path and
the rule, and nothing of it is recorded.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import ValidationError

from events.bsn import elfproef
from events.inbound import IndicatieOntvangen, IndicatieOntvangenPayload
from services.adapters.iwlz.codes import OnbekendeCode, regio_van, zorgprofiel_van
from services.adapters.iwlz.schemas import Gelezen, IwlzError

IWLZ_NAMESPACE = uuid5(NAMESPACE_URL, "urn:wlz-casemanagement:iwlz")
CLIENT = "/Bericht/Clienten/Client"

# contract field -> element path in IO31 (to name the element when the contract refuses a value)
_PADEN = {
    "bsn": "Bsn",
    "geboortedatum": "Geboortedatum/Datum",
    "ingangsdatum": "Indicatie/Ingangsdatum",
    "einddatum": "Indicatie/Einddatum",
    "indicatiebesluit_id": "Indicatie/Besluitnummer",
    "zorgprofiel": "Indicatie/GeindiceerdeZorgzwaartepakketten/GeindiceerdZorgzwaartepakket/ZzpCode",
    "regio": "/Bericht/Header/Ontvanger",
}


def event_id(soort: str, gelezen: Gelezen, *sleutel: object) -> UUID:
    """A deterministic event id per record of a message: importing the same message twice is a no-op."""
    return uuid5(IWLZ_NAMESPACE, "|".join([soort, gelezen.bericht_id, gelezen.dagtekening.isoformat(), *map(str, sleutel)]))


def tijdstip(dag: date) -> datetime:
    return datetime.combine(dag, time(), UTC)


def controleer_bsn(gelezen: Gelezen, pad: str, bsn: str) -> None:
    """Business rule CS002 of the standard (the XSD checks nine digits only): the elfproef."""
    if not elfproef(bsn):
        raise IwlzError(gelezen.bericht_id, pad, "CS002: BSN voldoet niet aan de elfproef", soort="inhoud", retourcode="S002")


def _zorgprofiel(gelezen: Gelezen, pad: str, indicatie: dict[str, Any]) -> str:
    """The one zorgprofiel of the indication: its ZZP codes that stand for a profile of the Regeling
    (partnerverblijf 999 and the like are not the client's profile). None or two different: refused."""
    pakketten = (indicatie.get("GeindiceerdeZorgzwaartepakketten") or {}).get("GeindiceerdZorgzwaartepakket") or []
    pad_zzp = f"{pad}/Indicatie/GeindiceerdeZorgzwaartepakketten/GeindiceerdZorgzwaartepakket"
    profielen: set[str] = set()
    fouten: list[str] = []
    for n, pakket in enumerate(pakketten, start=1):
        try:
            profielen.add(zorgprofiel_van(str(pakket["ZzpCode"])))
        except OnbekendeCode as fout:
            fouten.append(f"[{n}]/ZzpCode: {fout}")
    if len(profielen) == 1:
        return profielen.pop()
    if not profielen:
        regel = "; ".join(fouten) if fouten else "geen GeindiceerdZorgzwaartepakket: de regels vragen een zorgprofiel"
        raise IwlzError(gelezen.bericht_id, pad_zzp, regel, soort="inhoud", retourcode="0233")
    raise IwlzError(gelezen.bericht_id, pad_zzp, "meer dan een zorgprofiel in een indicatiebesluit", soort="inhoud", retourcode="0233")


_VOOR_AW33 = ("GeheimeClient", "Geslacht", "BurgerlijkeStaat", "Naam", "Leefeenheid", "Contactgegevens")
_INDICATIE_VOOR_AW33 = ("Soort", "Grondslagen", "Afgiftedatum", "Ingangsdatum", "Einddatum")


def clientgegevens(client: dict[str, Any]) -> str:
    """What the AW33 repeats of the IO31 Client and nothing more (no BSN or birth date: the contract
    carries those; no stoornissen, scores or relations): JSON, personal data, encrypted in the store."""
    gekozen = {k: client[k] for k in _VOOR_AW33 if client.get(k) is not None}
    gekozen["Indicatie"] = {k: client["Indicatie"][k] for k in _INDICATIE_VOOR_AW33 if client["Indicatie"].get(k) is not None}
    return json.dumps(gekozen, ensure_ascii=False, separators=(",", ":"), default=str)


def indicaties(gelezen: Gelezen) -> list[IndicatieOntvangen]:
    """Every Client of an IO31 as an IndicatieOntvangen; raises IwlzError for the first that cannot be."""
    kop = gelezen.data["Header"]
    try:
        regio = regio_van(str(kop["Ontvanger"]))
    except OnbekendeCode as fout:
        raise IwlzError(gelezen.bericht_id, "/Bericht/Header/Ontvanger", str(fout), soort="inhoud") from None
    uit = []
    for n, client in enumerate(gelezen.data["Clienten"]["Client"], start=1):
        pad = f"{CLIENT}[{n}]"
        controleer_bsn(gelezen, f"{pad}/Bsn", str(client["Bsn"]))
        indicatie = client["Indicatie"]
        geboorte = client["Geboortedatum"]
        if geboorte.get("DatumGebruik") is not None:
            raise IwlzError(
                gelezen.bericht_id,
                f"{pad}/Geboortedatum/DatumGebruik",
                "geboortedatum deels onbekend: de regels (art. 5.1d, GGZ-W onder 18) vragen een volledige datum",
                soort="inhoud",
                retourcode="0233",
            )
        grondslagen = indicatie.get("Grondslagen") or {}
        try:
            payload = IndicatieOntvangenPayload(
                bsn=str(client["Bsn"]),
                indicatiebesluit_id=str(indicatie["Besluitnummer"]),
                zorgprofiel=_zorgprofiel(gelezen, pad, indicatie),
                geboortedatum=date.fromisoformat(str(geboorte["Datum"])),
                regio=regio,
                ingangsdatum=date.fromisoformat(str(indicatie["Ingangsdatum"])),
                einddatum=date.fromisoformat(str(indicatie["Einddatum"])) if indicatie.get("Einddatum") else None,
                grondslag="+".join(str(grondslagen[k]) for k in ("Grondslag01", "Grondslag02") if grondslagen.get(k)) or None,
                iwlz_client=clientgegevens(client),
            )
        except ValidationError as fout:
            fouten = fout.errors(include_input=False, include_url=False)
            veld = str(fouten[0]["loc"][0]) if fouten[0]["loc"] else ""
            element = _PADEN.get(veld, "Indicatie")
            raise IwlzError(
                gelezen.bericht_id, element if element.startswith("/") else f"{pad}/{element}", fouten[0]["msg"], soort="inhoud"
            ) from None
        uit.append(
            IndicatieOntvangen(
                event_id=event_id("IO31", gelezen, payload.bsn, payload.indicatiebesluit_id),
                occurred_at=tijdstip(gelezen.dagtekening),
                payload=payload,
            )
        )
    return uit
