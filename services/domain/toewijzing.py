"""Zorgtoewijzing in the case's state: which zorgaanbieder delivers which granted zorg in natura, and when
delivery started and ended (pure values, folded from the toewijzing decisions of `events.toewijzing`).

Kept apart from `toestand.py` so the fold of grants and budgets stays as it is: `toestand.toepassen`
hands every event it does not know to `toewijzingen_na` here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from events import toewijzing as t
from events.codes import Leveringsvorm
from services.regeling.periode import Periode


@dataclass(frozen=True, slots=True)
class Toewijzing:
    toewijzing_id: UUID
    zorgaanbieder: str
    leveringsvorm: Leveringsvorm
    zorgprofiel: str
    indicatiebesluit_id: str
    regio: str
    periode: Periode
    omvang_procent: int
    toekenning_id: UUID
    begindatum: date | None = None  # start of delivery (AW35)
    levering_einde: date | None = None  # end of delivery (AW39 19/20)

    @property
    def ingangsdatum(self) -> date:
        return self.periode.van

    def past_bij(self, verwijzing: t.ToewijzingVerwijzing) -> bool:
        """iWlz names a toewijzing by indicatiebesluit, zorgprofiel, zorgaanbieder, ingangsdatum (and leveringsvorm)."""
        return (
            self.indicatiebesluit_id == verwijzing.indicatiebesluit_id
            and self.zorgprofiel == verwijzing.zorgprofiel
            and self.zorgaanbieder == verwijzing.zorgaanbieder
            and self.periode.van == verwijzing.toewijzing_ingangsdatum
            and self.leveringsvorm == verwijzing.leveringsvorm
        )


def _nieuw(toewijzing: t.Toewijzing) -> Toewijzing:
    return Toewijzing(
        toewijzing_id=toewijzing.toewijzing_id,
        zorgaanbieder=toewijzing.zorgaanbieder,
        leveringsvorm=toewijzing.leveringsvorm.leveringsvorm,
        zorgprofiel=toewijzing.zorgprofiel,
        indicatiebesluit_id=toewijzing.indicatiebesluit_id,
        regio=toewijzing.regio,
        periode=Periode(toewijzing.ingangsdatum, toewijzing.einddatum),
        omvang_procent=toewijzing.omvang_procent,
        toekenning_id=toewijzing.toekenning_id,
    )


def _vervang(toewijzingen: tuple[Toewijzing, ...], toewijzing_id: UUID, **wijziging: object) -> tuple[Toewijzing, ...]:
    return tuple(replace(w, **wijziging) if w.toewijzing_id == toewijzing_id else w for w in toewijzingen)  # type: ignore[arg-type]


def toewijzingen_na(toewijzingen: tuple[Toewijzing, ...], event: object) -> tuple[Toewijzing, ...] | None:
    """The toewijzingen after one event; None when the event is not about toewijzing."""
    match event:
        case t.ZorgToegewezen(payload=p):
            return (*toewijzingen, _nieuw(p))
        case t.ZorgaanbiederGewisseld(payload=p):
            oud = next((w for w in toewijzingen if w.toewijzing_id == p.oud.toewijzing_id), None)
            eerder = toewijzingen
            if oud is not None and p.oud.einddatum is not None:
                eerder = _vervang(toewijzingen, oud.toewijzing_id, periode=oud.periode.beeindigd_op(p.oud.einddatum))
            return (*eerder, _nieuw(p.nieuw))
        case t.ZorgleveringGestart(payload=p):
            return _vervang(toewijzingen, p.toewijzing_id, begindatum=p.begindatum, levering_einde=None)
        case t.ZorgleveringBeeindigd(payload=p):
            wijziging: dict[str, object] = {"levering_einde": p.mutatiedatum}
            if p.toewijzing_beeindigd:
                huidig = next(w for w in toewijzingen if w.toewijzing_id == p.toewijzing_id)
                wijziging["periode"] = huidig.periode.beeindigd_op(max(p.mutatiedatum, huidig.periode.van))
            return _vervang(toewijzingen, p.toewijzing_id, **wijziging)
        case t.ZorgleveringGewijzigd():
            return toewijzingen
        case _:
            return None


def gevonden(toewijzingen: tuple[Toewijzing, ...], verwijzing: t.ToewijzingVerwijzing) -> Toewijzing | None:
    return next((w for w in reversed(toewijzingen) if w.past_bij(verwijzing)), None)


def overlappend(toewijzingen: tuple[Toewijzing, ...], vorm: Leveringsvorm, periode: Periode) -> list[Toewijzing]:
    """The toewijzingen of a leveringsvorm that share at least one day with `periode`."""
    return [
        w
        for w in toewijzingen
        if w.leveringsvorm == vorm
        and (periode.tot is None or w.periode.van <= periode.tot)
        and (w.periode.tot is None or w.periode.tot >= periode.van)
    ]


def onbekende_verwijzing(toewijzingen: tuple[Toewijzing, ...], event: object) -> tuple[str, str] | None:
    """For a provider's report (AW35/AW39): the field and the reason when it names no toewijzing of this
    case, or starts delivery before the toewijzing does. Such a message is refused, not decided."""
    if not isinstance(event, t.AanvangZorgGemeld | t.MutatieZorgGemeld):
        return None
    p = event.payload
    toewijzing = gevonden(toewijzingen, p)
    if toewijzing is None:
        return (
            "payload.toewijzing_ingangsdatum",
            "geen toewijzing met dit indicatiebesluit, zorgprofiel, deze zorgaanbieder, leveringsvorm en ingangsdatum",
        )
    if isinstance(event, t.AanvangZorgGemeld) and event.payload.begindatum < toewijzing.ingangsdatum:
        return "payload.begindatum", "de zorglevering begint voor de ingangsdatum van de toewijzing"
    return None
