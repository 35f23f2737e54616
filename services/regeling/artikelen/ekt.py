"""Extra kosten thuis (art. 5.1a)."""

from __future__ import annotations

from dataclasses import dataclass

from services.regeling.geld import Cent, procent
from services.regeling.model import RegelSetData


def ekt_maximum(data: RegelSetData, basisbedrag: Cent) -> Cent:
    """The most the basisbedrag may be raised.

    # Regeling art. 5.1a: raise the basisbedrag "met ten hoogste 25%" before refusing home care.
    # Toelichting 5.1a: the 25% is over the whole basisbedrag; with deeltijdverblijf over the (unreduced)
    #   groepsbegeleiding part plus the pro-rated rest, which is the deeltijd basisbedrag of art. 5.1
    #   lid 3-4, so the caller passes the basisbedrag after the deeltijd reduction.
    """
    return procent(basisbedrag, data.parameters.ekt_maximum_procent)


@dataclass(frozen=True, slots=True)
class EktUitkomst:
    toegekend: Cent  # the EKT a year after this decision (in total, not the increase)
    maximum: Cent
    tekort: Cent  # the need that even the maximum EKT does not cover

    @property
    def uitgeput(self) -> bool:
        return self.toegekend >= self.maximum


def ekt_toekenning(data: RegelSetData, basisbedrag: Cent, tekort_zonder_ekt: Cent) -> EktUitkomst:
    """The EKT that avoids a refusal as far as it can.

    # Regeling art. 5.1a: the zorgkantoor checks whether raising the basisbedrag by at most 25% avoids
    #   the refusal; it grants what is needed, up to that maximum. What remains is the shortfall that
    #   meerzorg (art. 5.1e) or art. 5.1f may cover.
    """
    maximum = ekt_maximum(data, basisbedrag)
    toegekend = min(max(0, tekort_zonder_ekt), maximum)
    return EktUitkomst(toegekend=toegekend, maximum=maximum, tekort=max(0, tekort_zonder_ekt) - toegekend)
