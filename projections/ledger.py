"""The ledgers as a pure reducer over stored contract events (JSON objects, as recorded).

Budget ledger: per case and calendar year, the latest BudgetVastgesteld with its build-up, and a line
per budget decision naming the decisions (and articles) that changed it. Plafond ledger: per region and
year, the PGB granted (sum of the cases' latest PGB share) against the plafond of art. 8.8/8.10/8.12,
its headroom and share used; crossing a threshold upward emits one alert, and falling back under it
re-arms it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from sys import intern
from typing import Any, get_args, get_origin
from uuid import NAMESPACE_URL, uuid5

from pydantic import BaseModel

from events.besluiten import Jaarbudget, pgb_per_regio
from services.regeling.laden import plafond_jaren, plafonds

ALERT_NAMESPACE = uuid5(NAMESPACE_URL, "wlz:pgb-plafond-alert")


@dataclass(frozen=True, slots=True)
class Budgetregel:
    """The budget ledger of one case and year (all eurocent): the case, then the fields of the one budget
    shape (`events.besluiten.Jaarbudget`, in its order, as columns: leveringsvormen joined, toeslagen
    summed), then where it was recorded. A test keeps the two in step; `pas_toe` fills it from the
    payload without naming the fields."""

    case_id: str
    jaar: int
    regio: str
    van: str
    tot: str
    dagen: int
    leveringsvormen: str
    basisbedrag: int
    deeltijd_korting: int
    ekt: int
    toeslagen: int
    meerzorg: int
    kleinschalig_wooninitiatief: int
    totaal: int
    mpt_deel: int
    pgb_deel: int
    gewaarborgde_hulp: bool
    per_regio: str  # JSON of the parts per region and period (art. 5.10, 8.12); "" when all of it is in regio
    regelset: str
    event_id: str
    notificatie: int


@dataclass(frozen=True, slots=True)
class Vorige:
    """What the ledger needs of a budget row once it is written: enough for the next change's deltas."""

    regio: str
    jaar: int
    totaal: int
    pgb_deel: int
    pgb_regios: tuple[tuple[str, int], ...]  # the PGB per region, as the plafond ledger booked it


def pgb_regios(rij: Budgetregel | Vorige) -> dict[str, int]:
    """The PGB of a ledger row per region: what each region's plafond ledger holds of it."""
    if isinstance(rij, Vorige):
        return dict(rij.pgb_regios)
    if not rij.per_regio:
        return {rij.regio: rij.pgb_deel}
    return pgb_per_regio({"regio": rij.regio, "pgb_deel": rij.pgb_deel, "per_regio": json.loads(rij.per_regio or "[]")})


@dataclass(frozen=True, slots=True)
class Mutatie:
    """A line of the budget ledger: one budget decision, what caused it, and what it changed."""

    case_id: str
    jaar: int
    notificatie: int
    event_id: str
    aanleiding: str  # "EKTToegekend (art. 5.1a), ..." or "herberekening"
    totaal: int
    pgb_deel: int
    verschil_totaal: int
    verschil_pgb: int


@dataclass(slots=True)
class Plafondregel:
    regio: str
    jaar: int
    artikel: str
    plafond: int | None
    onzeker: str
    toegekend_pgb: int = 0

    @property
    def ruimte(self) -> int | None:
        return None if self.plafond is None else self.plafond - self.toegekend_pgb

    @property
    def percentage(self) -> Decimal | None:
        if not self.plafond:
            return None
        return (Decimal(self.toegekend_pgb) * 100 / Decimal(self.plafond)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def rij(self) -> Plafondrij:
        percentage = self.percentage
        return Plafondrij(
            self.regio,
            self.jaar,
            self.artikel,
            self.plafond,
            self.onzeker,
            self.toegekend_pgb,
            self.ruimte,
            None if percentage is None else str(percentage),
        )


@dataclass(frozen=True, slots=True)
class Overhevelingsregel:
    """An art. 8.12 overheveling as the plafond ledger shows it, with the decision it rests on."""

    event_id: str
    regio: str
    jaar: int
    bedrag: int  # eurocent; positive: from zorg in natura to PGB
    referentie: str
    besluitdatum: str
    bron: str
    notificatie: int


@dataclass(frozen=True, slots=True)
class Plafondrij:
    """A row of `plafond_ledger`: the plafond reading with its headroom and share used."""

    regio: str
    jaar: int
    artikel: str
    plafond: int | None
    onzeker: str
    toegekend_pgb: int
    ruimte: int | None
    percentage: str | None


@dataclass(frozen=True, slots=True)
class Drempelrij:
    """A row of `plafond_drempel`: whether a region's share used is at or past a threshold."""

    regio: str
    jaar: int
    drempel: int
    bereikt: bool


@dataclass(frozen=True, slots=True)
class Positierij:
    """A row of `projectie_positie`: the last stored event a projection applied."""

    naam: str
    positie: int


@dataclass(frozen=True, slots=True)
class Alert:
    alert_id: str
    regio: str
    jaar: int
    drempel: int
    percentage: str
    toegekend_pgb: int
    plafond: int
    artikel: str
    notificatie: int


@dataclass
class LedgerStaat:
    """The part of the ledgers a batch touches (or all of it, when rebuilding), and what changed."""

    budgetten: dict[tuple[str, int], Budgetregel | Vorige] = field(default_factory=dict)
    plafonds: dict[tuple[str, int], Plafondregel] = field(default_factory=dict)
    drempels: dict[tuple[str, int, int], bool] = field(default_factory=dict)
    mutaties: list[Mutatie] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    overhevelingen: list[Overhevelingsregel] = field(default_factory=list)
    gewijzigde_budgetten: set[tuple[str, int]] = field(default_factory=set)
    gewijzigde_plafonds: set[tuple[str, int]] = field(default_factory=set)

    def compacteer(self, sleutels: set[tuple[str, int]]) -> None:
        """Keeps only what the next change needs of rows already written (a national rebuild keeps
        half a million of them)."""
        for sleutel in sleutels:
            rij = self.budgetten[sleutel]
            self.budgetten[sleutel] = Vorige(rij.regio, rij.jaar, rij.totaal, rij.pgb_deel, tuple(pgb_regios(rij).items()))

    def wis_wijzigingen(self) -> None:
        """After a write: what is written is no longer a change (the rows themselves stay)."""
        self.mutaties = []
        self.alerts = []
        self.overhevelingen = []
        self.gewijzigde_budgetten = set()
        self.gewijzigde_plafonds = set()


def nieuwe_plafondregel(regio: str, jaar: int) -> Plafondregel:
    """A region's plafond of a year as the Regeling gives it; an uncertain or missing one is None, said so."""
    if jaar not in plafond_jaren():
        return Plafondregel(regio, jaar, "", None, f"geen plafond voor {jaar} in de regeling van deze dienst")
    _, regios = plafonds(jaar)
    plafond = regios.get(regio)
    if plafond is None:
        return Plafondregel(regio, jaar, "", None, f"onbekende regio {regio!r}")
    return Plafondregel(regio, jaar, plafond.artikel, plafond.bedrag, plafond.onzeker)


def _is_record(annotatie: Any) -> bool:
    """A nested record (such as the plafond check): it has a table of its own or none, never columns here."""
    kern = [t for t in get_args(annotatie) if t is not type(None)] or [annotatie]
    return any(isinstance(t, type) and issubclass(t, BaseModel) for t in kern) and get_origin(annotatie) is not list


# the budget's column fields in their order, each with the default an older event may lack
JAARBUDGET = tuple(
    (naam, veld.get_default(call_default_factory=True)) for naam, veld in Jaarbudget.model_fields.items() if not _is_record(veld.annotation)
)


def _kolom(waarde: Any) -> Any:
    """A payload value as a ledger column: the leveringsvormen joined ("mpt+pgb"), the toeslagen summed.
    Texts are interned: a national rebuild keeps hundreds of thousands of rows sharing a few values."""
    if isinstance(waarde, str):
        return intern(waarde)
    if isinstance(waarde, list):
        if waarde and "regio" in waarde[0]:  # the parts per region (per_regio): kept whole, as JSON
            return json.dumps(waarde, separators=(",", ":"))
        return intern("+".join(v["leveringsvorm"] for v in waarde))
    if isinstance(waarde, dict):
        return sum(waarde.values())
    return waarde


def budget_sleutels(berichten: list[tuple[int, dict[str, Any]]]) -> set[tuple[str, int]]:
    return {(str(b["case_id"]), int(b["payload"]["jaar"])) for _, b in berichten if b.get("event_type") == "BudgetVastgesteld"}


def pas_toe(staat: LedgerStaat, notificatie: int, bericht: dict[str, Any], drempels: tuple[int, ...]) -> None:
    """Applies one stored event to the ledgers (only BudgetVastgesteld and PgbPlafondOvergeheveld change them)."""
    if bericht.get("event_type") == "PgbPlafondOvergeheveld":
        _overheveling(staat, notificatie, bericht, drempels)
        return
    if bericht.get("event_type") != "BudgetVastgesteld":
        return
    p = bericht["payload"]
    sleutel = (str(bericht["case_id"]), int(p["jaar"]))
    oud = staat.budgetten.get(sleutel)
    rij: tuple[Any, ...] = (
        sleutel[0],
        *(_kolom(p.get(naam, standaard)) for naam, standaard in JAARBUDGET),
        intern(p["regelset"]),  # then where it was recorded
        str(bericht["event_id"]),
        notificatie,
    )
    nieuw = Budgetregel(*rij)
    staat.budgetten[sleutel] = nieuw
    staat.gewijzigde_budgetten.add(sleutel)
    aanleiding = ", ".join(f"{a['event_type']} (art. {a['artikel']})" for a in p.get("aanleiding", [])) or "herberekening"
    staat.mutaties.append(
        Mutatie(
            case_id=nieuw.case_id,
            jaar=nieuw.jaar,
            notificatie=notificatie,
            event_id=nieuw.event_id,
            aanleiding=aanleiding,
            totaal=nieuw.totaal,
            pgb_deel=nieuw.pgb_deel,
            verschil_totaal=nieuw.totaal - (oud.totaal if oud else 0),
            verschil_pgb=nieuw.pgb_deel - (oud.pgb_deel if oud else 0),
        )
    )
    # Regeling art. 5.10 with art. 8.12: each region's plafond carries the part of the PGB under its
    # indication; per region only the difference with the budget before moves (what leaves first)
    voor = pgb_regios(oud) if oud is not None else {}
    na = pgb_per_regio(p)
    verschillen = {regio: na.get(regio, 0) - voor.get(regio, 0) for regio in [*voor, *(r for r in na if r not in voor)]}
    for regio, verschil in sorted(verschillen.items(), key=lambda x: x[1] >= 0):
        _boek(staat, regio, nieuw.jaar, verschil, notificatie, drempels)


def _overheveling(staat: LedgerStaat, notificatie: int, bericht: dict[str, Any], drempels: tuple[int, ...]) -> None:
    """# Regeling art. 8.12 with art. 8.11 lid 2 ("overhevelingen ... tussen de deelkaders"): the region's
    PGB plafond of the year moves by the amount, and the ledger lists the overheveling with its source."""
    p = bericht["payload"]
    sleutel = (p["regio"], int(p["jaar"]))
    regel = staat.plafonds.get(sleutel)
    if regel is None:
        regel = staat.plafonds[sleutel] = nieuwe_plafondregel(*sleutel)
    if regel.plafond is not None:
        regel.plafond += int(p["bedrag"])
    staat.overhevelingen.append(
        Overhevelingsregel(
            event_id=str(bericht["event_id"]),
            regio=sleutel[0],
            jaar=sleutel[1],
            bedrag=int(p["bedrag"]),
            referentie=p["referentie"],
            besluitdatum=p["besluitdatum"],
            bron=p["bron"],
            notificatie=notificatie,
        )
    )
    _boek(staat, sleutel[0], sleutel[1], 0, notificatie, drempels)


def _boek(staat: LedgerStaat, regio: str, jaar: int, verschil: int, notificatie: int, drempels: tuple[int, ...]) -> None:
    sleutel = (regio, jaar)
    regel = staat.plafonds.get(sleutel)
    if regel is None:
        regel = staat.plafonds[sleutel] = nieuwe_plafondregel(regio, jaar)
    regel.toegekend_pgb += verschil
    staat.gewijzigde_plafonds.add(sleutel)
    percentage = regel.percentage
    for drempel in drempels:
        was = staat.drempels.get((regio, jaar, drempel), False)
        nu = percentage is not None and percentage >= drempel
        if nu and not was and regel.plafond is not None:
            staat.alerts.append(
                Alert(
                    alert_id=str(uuid5(ALERT_NAMESPACE, f"{regio}|{jaar}|{drempel}|{notificatie}")),
                    regio=regio,
                    jaar=jaar,
                    drempel=drempel,
                    percentage=str(percentage),
                    toegekend_pgb=regel.toegekend_pgb,
                    plafond=regel.plafond,
                    artikel=regel.artikel,
                    notificatie=notificatie,
                )
            )
        staat.drempels[(regio, jaar, drempel)] = nu
