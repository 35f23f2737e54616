"""Provider's messages (AW35, AW39) and retours for the tests, written with the adapter's writer."""

from __future__ import annotations

from typing import Any

from services.adapters.iwlz.schemas import schrijf, xsd_versie
from tests.iwlz.voorbeelden import AANBIEDER, BSN


def _kop(soort: str, code: str, identificatie: str, dag: str) -> dict[str, Any]:
    return {
        "BerichtCode": code,
        "BerichtVersie": "5",
        "BerichtSubversie": "2",
        "Afzender": AANBIEDER,
        "Ontvanger": "5509",
        "BerichtIdentificatie": {"Identificatie": identificatie, "Dagtekening": dag},
        "XsdVersie": xsd_versie(soort),
    }


def _client(bsn: str) -> dict[str, Any]:
    return {"Bsn": bsn, "Geboortedatum": {"Datum": "1940-05-01"}, "Geslacht": "2", "Naam": {"Geslachtsnaam": {"Achternaam": "Jansen"}}}


def aw35(
    *, bsn: str = BSN, begindatum: str = "2020-03-02", toewijzing_ingang: str = "2020-03-01", instelling: str = AANBIEDER, zzp: str = "754"
) -> bytes:
    pakket = {
        "Besluitnummer": 123456,
        "ZzpCode": zzp,
        "ToewijzingIngangsdatum": toewijzing_ingang,
        "Begindatum": begindatum,
        "Instelling": instelling,
        "Leveringsstatus": "4",
        "Leveringsvorm": "4",
        "StatusAanlevering": "1",
    }
    client = {**_client(bsn), "GeleverdeZorgzwaartepakketten": {"GeleverdZorgzwaartepakket": [pakket]}}
    return schrijf("AW35", {"Header": _kop("AW35", "354", "AW35-0001", begindatum), "Clienten": {"Client": [client]}})


def aw39(*, bsn: str = BSN, mutatiecode: str = "19", mutatiedatum: str = "2020-09-30", toewijzing_ingang: str = "2020-03-01") -> bytes:
    pakket = {
        "Besluitnummer": 123456,
        "ZzpCode": "754",
        "ToewijzingIngangsdatum": toewijzing_ingang,
        "Begindatum": "2020-03-02",
        "Instelling": AANBIEDER,
        "Mutatiecode": mutatiecode,
        "Mutatiedatum": mutatiedatum,
        "Leveringsstatus": "5",
        "Leveringsvorm": "4",
        "StatusAanlevering": "1",
    }
    client = {**_client(bsn), "MutatieZorgzwaartepakketten": {"MutatieZorgzwaartepakket": [pakket]}}
    return schrijf("AW39", {"Header": _kop("AW39", "358", "AW39-0001", mutatiedatum), "Clienten": {"Client": [client]}})
