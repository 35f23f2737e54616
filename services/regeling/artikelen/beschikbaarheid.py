"""What a year's rule set lacks: values the Regeling fixes for that year that no source held by this
service gives (`[niet_beschikbaar]` in `data/<jaar>/regelset.toml`).

A year module binds these guards in place of the article functions whose amounts are missing, so a
decision that needs such a value is refused naming exactly what is missing and where the Regeling fixes
it, and a decision that does not need it (verblijf, VPT, the PGB exclusions of art. 5.5/5.6) is taken.
"""

from __future__ import annotations

from events.codes import BegeleidingGroeps
from services.regeling.artikelen import Ontbreekt
from services.regeling.artikelen import basisbedrag as art_5_1
from services.regeling.artikelen import pgb as art_5_5
from services.regeling.geld import Cent
from services.regeling.model import BijlageHRij, RegelSetData

README = "services/regeling/data/README.md"


def vereist(data: RegelSetData, sleutel: str, wat: str) -> None:
    """Refuses when `sleutel` is listed as not held for this year, naming `wat` and its source."""
    ontbreekt = data.niet_beschikbaar.get(sleutel)
    if ontbreekt is None:
        return
    raise Ontbreekt(
        ontbreekt.artikel,
        f"{wat} is niet beschikbaar in deze dienst: de bron ({ontbreekt.bron}) is niet opgenomen; "
        f"een beheerder voegt die toe zoals beschreven in {README}",
        ontbreekt=wat,
    )


def bijlage_h_rij(data: RegelSetData, zorgprofiel: str, begeleiding_groeps: BegeleidingGroeps) -> BijlageHRij:
    """# Regeling art. 5.1 lid 2: the basisbedrag is the amount "genoemd in bijlage H" - of that year."""
    if (zorgprofiel, begeleiding_groeps) not in data.bijlage_h:
        vereist(data, "bijlage_h", f"Bijlage H {data.jaar}: rij {zorgprofiel}")
    return art_5_1.bijlage_h_rij(data, zorgprofiel, begeleiding_groeps)


def kleinschalig_wooninitiatief(data: RegelSetData, zorgprofiel: str, zorgzwaartepakket_vv_4_tot_8_op_peildatum: bool) -> tuple[Cent, str]:
    """# Regeling art. 5.13 lid 1 and 2: the raise for a kleinschalig wooninitiatief - of that year."""
    vereist(data, "kleinschalig_wooninitiatief.verhoging", f"het bedrag van art. 5.13 lid 1 voor {data.jaar}")
    if zorgprofiel in data.parameters.kleinschalig_vv_zorgprofielen or zorgzwaartepakket_vv_4_tot_8_op_peildatum:
        vereist(data, "kleinschalig_wooninitiatief.extra_verhoging_vv", f"het bedrag van art. 5.13 lid 2 voor {data.jaar}")
    return art_5_5.kleinschalig_wooninitiatief(data, zorgprofiel, zorgzwaartepakket_vv_4_tot_8_op_peildatum)
