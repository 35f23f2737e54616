"""Example iWlz messages for the tests, written with the adapter's own writer (so valid by construction,
which the tests check again) and varied by changing the dicts."""

from __future__ import annotations

import copy
from typing import Any

from services.adapters.iwlz.schemas import schrijf, xsd_versie

BSN = "111222333"  # passes the elfproef: 9+8+7+12+10+8+9+6-3 = 66 = 6 x 11
BSN_FOUT = "111222334"
AANBIEDER = "12345678"


def io31_data(
    *, bsn: str = BSN, zzp: str = "754", ontvanger: str = "5509", besluitnummer: int = 123456, ingang: str = "2020-03-01"
) -> dict[str, Any]:
    return {
        "Header": {
            "BerichtCode": "388",
            "BerichtVersie": "5",
            "BerichtSubversie": "2",
            "Ontvanger": ontvanger,
            "BerichtIdentificatie": {"Identificatie": "IO31-0001", "Dagtekening": "2020-02-25"},
            "XsdVersie": xsd_versie("IO31"),
        },
        "Clienten": {
            "Client": [
                {
                    "Bsn": bsn,
                    "GeheimeClient": "2",
                    "Geboortedatum": {"Datum": "1940-05-01"},
                    "Geslacht": "2",
                    "Naam": {"Geslachtsnaam": {"Achternaam": "Jansen"}, "Voorletters": "A", "NaamGebruik": "1"},
                    "Leefeenheid": "1",
                    "Contactgegevens": {"Contact": [{"Soort": "01", "Adres": {"Postcode": "3511AA", "Plaatsnaam": "Utrecht"}}]},
                    "Indicatie": {
                        "Besluitnummer": besluitnummer,
                        "Soort": "1",
                        "Grondslagen": {"Grondslag01": "02"},
                        "Afgiftedatum": "2020-02-20",
                        "Ingangsdatum": ingang,
                        "GeindiceerdeZorgzwaartepakketten": {
                            "GeindiceerdZorgzwaartepakket": [{"ZzpCode": zzp, "Ingangsdatum": ingang, "Klasse": "99", "Financiering": "1"}]
                        },
                    },
                }
            ]
        },
    }


def io31(**kwargs: Any) -> bytes:
    return schrijf("IO31", io31_data(**kwargs))


def met(data: dict[str, Any], pad: str, waarde: Any) -> dict[str, Any]:
    """A deep copy of `data` with the value at `a/b/0/c` replaced."""
    kopie = copy.deepcopy(data)
    doel: Any = kopie
    delen = pad.split("/")
    for deel in delen[:-1]:
        doel = doel[int(deel)] if deel.isdigit() else doel[deel]
    doel[delen[-1]] = waarde
    return kopie
