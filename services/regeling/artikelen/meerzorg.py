"""Meerzorg (art. 5.1e, 2.2)."""

from __future__ import annotations

from services.regeling.artikelen import Weigering
from services.regeling.geld import Cent


def meerzorg_bedrag(tekort_na_5_1_tot_5_1d: Cent, ekt_uitgeput: bool, voldoet_aan_art_2_2: bool) -> Cent:
    """The yearly meerzorg above Bijlage H.

    # Regeling art. 5.1e lid 1-2: only when the cost of the need exceeds what is available after art. 5.1
    #   to 5.1d (so after the full EKT of art. 5.1a: "na toepassing van EKT", Toelichting 5.1e) and the
    #   conditions of art. 2.2 lid 1 or 2 hold.
    # Regeling art. 5.1e lid 3-4: the amounts may then exceed Bijlage H.
    Choice: meerzorg covers the shortfall, no more: the need minus what 5.1-5.1d make available.
    """
    if tekort_na_5_1_tot_5_1d <= 0:
        raise Weigering("5.1e", "de zorgbehoefte overstijgt niet wat na art. 5.1 tot en met 5.1d beschikbaar is")
    if not ekt_uitgeput:
        raise Weigering("5.1e", "meerzorg kan pas als de extra kosten thuis (art. 5.1a, 25%) volledig zijn benut")
    if not voldoet_aan_art_2_2:
        raise Weigering("5.1e", "de verzekerde voldoet niet aan de voorwaarden van art. 2.2 lid 1 of 2")
    return tekort_na_5_1_tot_5_1d
