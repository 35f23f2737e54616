"""Behandeling in the MPT (art. 5.1b)."""

from __future__ import annotations

from dataclasses import dataclass

from services.regeling.geld import Cent, procent
from services.regeling.model import RegelSetData


@dataclass(frozen=True, slots=True)
class BehandelingRuimte:
    binnen_kader: Cent  # covered by the normative frame raised by at most 25%
    uit_basisbedrag: Cent  # the rest, taken from room left in the basisbedrag (+ EKT)
    niet_gedekt: Cent


def behandeling_ruimte(data: RegelSetData, normatief_kader: Cent, kosten: Cent, ruimte_in_basisbedrag: Cent) -> BehandelingRuimte:
    """How the cost of behandeling in an MPT is covered.

    # Regeling art. 5.1b lid 1: judged against a normative frame per zorgprofiel (from the VPT tariffs;
    #   the frame itself is an NZa figure not in the Regeling, so the caller supplies it).
    # Regeling art. 5.1b lid 2: the frame may be raised by at most 25%.
    # Regeling art. 5.1b lid 4: more may be granted from room left in the basisbedrag (raised by 5.1a).
    """
    kader = normatief_kader + procent(normatief_kader, data.parameters.behandeling_verhoging_procent)
    binnen = min(kosten, kader)
    uit_basis = min(kosten - binnen, max(0, ruimte_in_basisbedrag))
    return BehandelingRuimte(binnen, uit_basis, kosten - binnen - uit_basis)
