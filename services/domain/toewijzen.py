"""The toewijzing decisions: assigning granted zorg in natura to a zorgaanbieder, a change of provider,
and the start, change and end of delivery the zorgaanbieder reports.

# Wlz art. 4.2.1 (zorgplicht of the Wlz-uitvoerder): the zorgkantoor arranges the care it granted with a
# zorgaanbieder; # Wlz art. 3.3.1: only care in the leveringsvorm granted. So no toewijzing without a
# granted verblijf, VPT or MPT on its ingangsdatum, refused naming that rule.
Pure like `beslissen.py`: the same state and event give the same decisions with the same ids.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol, TypeVar
from uuid import uuid5

from events import besluiten as b
from events import toewijzing as t
from events.codes import Leveringsvorm
from services.domain.toestand import CaseToestand, Toekenning
from services.domain.toewijzing import Toewijzing, gevonden, overlappend
from services.regeling.artikelen import Weigering
from services.regeling.periode import Periode, dag_ervoor

E = TypeVar("E")
ARTIKELEN = ["4.2.1 Wlz", "3.3.1 Wlz"]


class Besluiten(Protocol):
    """What the decision collector of `beslissen.py` offers a handler."""

    @property
    def toestand(self) -> CaseToestand: ...

    @property
    def oorzaak(self) -> Any: ...

    def voeg_toe(self, klasse: type[E], payload: Any) -> E: ...


def _toekenning(toestand: CaseToestand, vorm: Leveringsvorm, dag: date) -> Toekenning:
    if toestand.gewist:
        raise Weigering("17 AVG", "de persoonsgegevens van deze verzekerde zijn gewist; er wordt niet meer beslist")
    if not toestand.indicatie_geldig_op(dag):
        raise Weigering("3.2.1 Wlz", f"er is op {dag.isoformat()} geen geldig indicatiebesluit")
    toekenning = toestand.toekenning_op(dag)
    if toekenning is None or vorm not in toekenning.leveringsvormen:
        raise Weigering(
            "3.3.1 Wlz",
            f"er is op {dag.isoformat()} geen {vorm.value} toegekend: een toewijzing vraagt een toegekende leveringsvorm in natura",
        )
    return toekenning


def toewijzen(besluiten: Besluiten, event: t.ToewijzingAangevraagd) -> None:
    p = event.payload
    toestand = besluiten.toestand
    try:
        toekenning = _toekenning(toestand, p.leveringsvorm, p.ingangsdatum)
        tot = toekenning.periode.tot if p.einddatum is None else min(p.einddatum, toekenning.periode.tot or p.einddatum)
        # every toewijzing of this leveringsvorm that overlaps the new period, not only those on its first day
        lopend = overlappend(toestand.toewijzingen, p.leveringsvorm, Periode(p.ingangsdatum, tot))
        if any(w.zorgaanbieder == p.zorgaanbieder for w in lopend):
            raise Weigering("4.2.1 Wlz", f"de zorg is vanaf {p.ingangsdatum.isoformat()} al aan deze zorgaanbieder toegewezen")
        wissel = None
        if sum(w.omvang_procent for w in lopend) + p.omvang_procent > 100:
            if len(lopend) != 1:
                raise Weigering("4.2.1 Wlz", "de omvang van de toewijzingen samen komt boven 100%")
            wissel = lopend[0]
            if wissel.ingangsdatum >= p.ingangsdatum:
                raise Weigering("4.2.1 Wlz", "een andere zorgaanbieder kan pas na de ingangsdatum van de huidige toewijzing beginnen")
    except Weigering as weigering:
        besluiten.voeg_toe(
            t.ToewijzingAfgewezen,
            t.ToewijzingAfgewezenPayload(
                peildatum=p.ingangsdatum,
                regelset=toekenning_regelset(toestand, p.ingangsdatum),
                artikelen=[weigering.artikel],
                aanvraag=event.event_type,
                reden=weigering.reden,
                artikel=weigering.artikel,
                zorgaanbieder=p.zorgaanbieder,
                leveringsvorm=p.leveringsvorm,
            ),
        )
        return
    assert toestand.indicatie is not None
    nieuw = t.Toewijzing(
        toewijzing_id=uuid5(besluiten.oorzaak.event_id, "toewijzing"),
        zorgaanbieder=p.zorgaanbieder,
        leveringsvorm=b.LeveringsvormCode.van(p.leveringsvorm),
        zorgprofiel=toekenning.zorgprofiel,
        indicatiebesluit_id=toestand.indicatie.indicatiebesluit_id,
        regio=toekenning.regio,
        ingangsdatum=p.ingangsdatum,
        einddatum=tot,
        omvang_procent=p.omvang_procent,
        toekenning_id=toekenning.besluit_id,
    )
    besluit = {"peildatum": p.ingangsdatum, "regelset": toekenning.regelset, "artikelen": ARTIKELEN}
    if wissel is None:
        besluiten.voeg_toe(t.ZorgToegewezen, t.ZorgToegewezenPayload(**besluit, **nieuw.model_dump()))
        return
    besluiten.voeg_toe(
        t.ZorgaanbiederGewisseld,
        t.ZorgaanbiederGewisseldPayload(
            **besluit,
            toelichting=f"zorgaanbieder gewisseld: de toewijzing aan {wissel.zorgaanbieder} eindigt de dag ervoor",
            oud=_contract(wissel, toestand, dag_ervoor(p.ingangsdatum)),
            nieuw=nieuw,
        ),
    )


def _contract(toewijzing: Toewijzing, toestand: CaseToestand, einddatum: date) -> t.Toewijzing:
    """A toewijzing of the state as the contract carries it, ended on `einddatum`."""
    assert toestand.indicatie is not None
    return t.Toewijzing(
        toewijzing_id=toewijzing.toewijzing_id,
        zorgaanbieder=toewijzing.zorgaanbieder,
        leveringsvorm=b.LeveringsvormCode.van(toewijzing.leveringsvorm),
        zorgprofiel=toewijzing.zorgprofiel,
        indicatiebesluit_id=toewijzing.indicatiebesluit_id,
        regio=toewijzing.regio,
        ingangsdatum=toewijzing.ingangsdatum,
        einddatum=einddatum,
        omvang_procent=toewijzing.omvang_procent,
        toekenning_id=toewijzing.toekenning_id,
    )


def toekenning_regelset(toestand: CaseToestand, dag: date) -> str:
    toekenning = toestand.toekenning_op(dag)
    return toekenning.regelset if toekenning is not None else "geen"


def _levering(toewijzing: Toewijzing, regelset: str, dag: date) -> dict[str, Any]:
    return {
        "peildatum": dag,
        "regelset": regelset,
        "artikelen": ["7.12"],
        "toewijzing_id": toewijzing.toewijzing_id,
        "zorgaanbieder": toewijzing.zorgaanbieder,
        "leveringsvorm": b.LeveringsvormCode.van(toewijzing.leveringsvorm),
        "zorgprofiel": toewijzing.zorgprofiel,
        "indicatiebesluit_id": toewijzing.indicatiebesluit_id,
        "regio": toewijzing.regio,
        "toewijzing_ingangsdatum": toewijzing.ingangsdatum,
    }


def _toewijzing(besluiten: Besluiten, verwijzing: t.ToewijzingVerwijzing) -> Toewijzing:
    toewijzing = gevonden(besluiten.toestand.toewijzingen, verwijzing)
    # the application refuses a report naming no toewijzing before deciding (toewijzing.onbekende_verwijzing)
    assert toewijzing is not None
    return toewijzing


def aanvang(besluiten: Besluiten, event: t.AanvangZorgGemeld) -> None:
    """# Regeling art. 7.12: the start of delivery is what the CAK needs for the eigen bijdrage."""
    p = event.payload
    toewijzing = _toewijzing(besluiten, p)
    regelset = toekenning_regelset(besluiten.toestand, p.begindatum)
    velden = _levering(toewijzing, regelset, p.begindatum)
    besluiten.voeg_toe(t.ZorgleveringGestart, t.ZorgleveringGestartPayload(**velden, begindatum=p.begindatum))


def mutatie(besluiten: Besluiten, event: t.MutatieZorgGemeld) -> None:
    p = event.payload
    toewijzing = _toewijzing(besluiten, p)
    regelset = toekenning_regelset(besluiten.toestand, p.mutatiedatum)
    velden = {
        **_levering(toewijzing, regelset, p.mutatiedatum),
        "mutatiecode": p.mutatiecode,
        "reden": t.MUTATIECODES[p.mutatiecode],
        "mutatiedatum": p.mutatiedatum,
        "zorgaanbieder_bestemming": p.zorgaanbieder_bestemming,
    }
    if p.mutatiecode in t.EINDE_LEVERING:
        besluiten.voeg_toe(
            t.ZorgleveringBeeindigd,
            t.ZorgleveringBeeindigdPayload(**velden, begindatum=toewijzing.begindatum, toewijzing_beeindigd=p.mutatiecode == "19"),
        )
    else:
        besluiten.voeg_toe(t.ZorgleveringGewijzigd, t.ZorgleveringGewijzigdPayload(**velden))


BEHANDELAARS: dict[type, Any] = {
    t.ToewijzingAangevraagd: toewijzen,
    t.AanvangZorgGemeld: aanvang,
    t.MutatieZorgGemeld: mutatie,
}
"""Handlers of the toewijzing requests and reports, added to the decision policy's table."""
