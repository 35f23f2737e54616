"""The regional PGB plafond as a subsidieplafond (art. 5.10 Rlz with art. 4:25 Awb).

# Regeling art. 5.10 (as amended by onderdeel L of seed 002: "de artikelen 8.2, 8.4, 8.6, 8.8, 8.10 en
#   8.12"): the zorgkantoor applies art. 4:25 Awb to the regional PGB amounts of those articles and ranks
#   applications by the date of receipt of the aanvraagformulier.
# Awb art. 4:25 lid 1: "Een subsidieplafond kan slechts bij of krachtens wettelijk voorschrift worden
#   vastgesteld." - the amounts of art. 8.12.
# Awb art. 4:25 lid 2: "Een subsidie wordt geweigerd voor zover door verstrekking van de subsidie het
#   subsidieplafond zou worden overschreden." - refusal is the law, and it is partial: up to the room left
#   is granted, the rest refused.
# Awb art. 4:25 lid 3: "Indien niet tijdig ... wordt beslist, geldt de verplichting van het tweede lid
#   slechts voor zover zij ook gold op het tijdstip, waarop de beslissing in eerste aanleg werd genomen of
#   had moeten worden genomen." - a request received earlier but decided later is decided against the room
#   as it stood in the order of receipt, not as later requests left it.

Pure: the register reading (`Plafondlezing`) is an input, recorded in the decision, so an audit replays it.
"""

from __future__ import annotations

from events.besluiten import Plafondlezing, Plafondtoets
from services.regeling.geld import Cent, als_euro

ARTIKELEN = ["5.10", "4:25 lid 2 Awb"]


def ruimte(lezing: Plafondlezing, al_toegekend: Cent) -> Cent | None:
    """The room left for this case in the order of receipt: the plafond less what requests received on or
    before this one took, less what this case already holds. None when the plafond is not known."""
    if lezing.plafond is None:
        return None
    return lezing.plafond - lezing.eerder_toegewezen - al_toegekend


def toets_subsidieplafond(lezing: Plafondlezing, gevraagd: Cent, al_toegekend: Cent) -> Plafondtoets:
    """The PGB of one year granted up to the room left, the rest refused (art. 5.10, Awb art. 4:25 lid 2).

    `gevraagd` is the PGB the rules give this case in the year without the plafond; `al_toegekend` is what
    the case held in that region and year before this decision (a lower or equal PGB is never a new
    verstrekking, so it needs no room). A plafond the source leaves uncertain gives no room for more: the
    service cannot know that the plafond is not exceeded (Awb art. 4:25 lid 2), and it never guesses one.
    """
    if lezing.modus == "simulatie_zonder_plafond":
        return Plafondtoets(
            lezing=lezing,
            gevraagd=gevraagd,
            al_toegekend=al_toegekend,
            ruimte=ruimte(lezing, al_toegekend),
            toegekend=gevraagd,
            geweigerd=0,
            artikelen=[],
            toelichting=(
                "SIMULATIE (WLZ_SIMULATIE_ZONDER_PLAFOND): art. 5.10 Rlz en art. 4:25 lid 2 Awb niet toegepast; "
                "dit is geen besluit volgens de wet"
            ),
        )
    over = ruimte(lezing, al_toegekend)
    # a lower or equal PGB is no new verstrekking; an increase only as far as the room goes
    toegekend = gevraagd if gevraagd <= al_toegekend else al_toegekend + min(gevraagd - al_toegekend, max(0, over or 0))
    geweigerd = gevraagd - toegekend
    stand = (
        f"pgb-plafond {lezing.jaar} regio {lezing.regio} (art. {lezing.artikel}"
        + (f", met {len(lezing.overhevelingen)} overheveling(en)" if lezing.overhevelingen else "")
        + "): "
        + ("onbekend (de bron is onzeker)" if lezing.plafond is None else als_euro(lezing.plafond))
        + f"; toegekend aan aanvragen ontvangen tot en met {lezing.ontvangstdatum.isoformat()}: {als_euro(lezing.eerder_toegewezen)}"
    )
    if not geweigerd:
        toelichting = f"{stand}; binnen het plafond"
    else:
        toelichting = (
            f"{stand}; ruimte {als_euro(max(0, over or 0))}: pgb toegekend tot {als_euro(toegekend)}, "
            f"geweigerd {als_euro(geweigerd)} (art. 5.10 Rlz, art. 4:25 lid 2 Awb: 'geweigerd voor zover ... het "
            "subsidieplafond zou worden overschreden')"
        )
    return Plafondtoets(
        lezing=lezing,
        gevraagd=gevraagd,
        al_toegekend=al_toegekend,
        ruimte=over,
        toegekend=toegekend,
        geweigerd=geweigerd,
        artikelen=list(ARTIKELEN),
        toelichting=toelichting,
    )
