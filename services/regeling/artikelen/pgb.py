"""Who may have a PGB (art. 5.5, 5.6) and the kleinschalig wooninitiatief (art. 5.13)."""

from __future__ import annotations

from datetime import date

from services.regeling.artikelen import Weigering
from services.regeling.geld import Cent
from services.regeling.model import RegelSetData


def toets_pgb(
    data: RegelSetData,
    zorgprofiel: str,
    pgb_op_peildatum_lvg: bool,
    gewaarborgde_hulp: bool,
) -> None:
    """Refuses a PGB the Regeling excludes.

    # Regeling art. 5.5 onder a: no PGB for "GGZ Beveiligd wonen vanwege extreme gedragsproblematiek
    #   met zeer intensieve begeleiding" (5GGZW). The other profiles of onderdeel a and b predate the
    #   seed; they have no Bijlage H amount either, so art. 5.1 lid 2 refuses them.
    # Regeling art. 5.5 onder c: no PGB for LVG "wonen met enige behandeling en begeleiding" (1LVG) or
    #   "wonen met behandeling en begeleiding" (2LVG), unless the client held a PGB for that profile on
    #   31 December 2019.
    # Regeling art. 5.6 onder a (and seed 000): a PGB on GGZ-W profiles 1-4 requires gewaarborgde hulp.
    """
    p = data.parameters
    if zorgprofiel in p.pgb_uitgesloten_zorgprofielen:
        raise Weigering("5.5 onder a", f"geen persoonsgebonden budget voor zorgprofiel {zorgprofiel}")
    if zorgprofiel in p.pgb_uitgesloten_tenzij_pgb_op_peildatum and not pgb_op_peildatum_lvg:
        raise Weigering(
            "5.5 onder c",
            f"geen persoonsgebonden budget voor zorgprofiel {zorgprofiel}: de verzekerde ontving op "
            f"{p.pgb_peildatum_overgangsrecht_lvg.isoformat()} geen pgb voor dit zorgprofiel",
        )
    if zorgprofiel in p.gewaarborgde_hulp_verplicht and not gewaarborgde_hulp:
        raise Weigering("5.6 onder a", f"een pgb voor zorgprofiel {zorgprofiel} vereist een gewaarborgde hulp")


def kleinschalig_wooninitiatief(data: RegelSetData, zorgprofiel: str, zorgzwaartepakket_vv_4_tot_8_op_peildatum: bool) -> tuple[Cent, str]:
    """The yearly raise of the PGB for a client living in a kleinschalig wooninitiatief.

    # Regeling art. 5.13 lid 1: + EUR 4.480.
    # Regeling art. 5.13 lid 2: + EUR 4.073 for the VV profiles named there (4VV-8VV) or a client who had
    #   ZZP 4-8 VV on 31 December 2014. Read with the DOMAIN note as on top of lid 1 (together 8.553).
    """
    p = data.parameters
    bedrag = p.kleinschalig_verhoging
    if zorgprofiel in p.kleinschalig_vv_zorgprofielen or zorgzwaartepakket_vv_4_tot_8_op_peildatum:
        return bedrag + p.kleinschalig_extra_verhoging_vv, "5.13 lid 1 en lid 2"
    return bedrag, "5.13 lid 1"


def leeftijd_op(geboortedatum: date, peildatum: date) -> int:
    """Age in whole years on `peildatum` (a birthday on 29 February counts from 1 March in other years)."""
    jaren = peildatum.year - geboortedatum.year
    if (peildatum.month, peildatum.day) < (geboortedatum.month, geboortedatum.day):
        jaren -= 1
    return jaren
