"""The Wlz itself before any article of the Regeling: a valid indicatiebesluit on the date (Wlz art.
3.2.1, 3.3.1), and no decisions on a person whose data are erased (art. 17 AVG).

Why here and not in the decision module: every refusal is a rule, and every rule lives in `artikelen/`
and is reached through the year's rule set (`services/regeling/regelset.py`).
"""

from __future__ import annotations

from datetime import date

from services.regeling.artikelen import Weigering
from services.regeling.periode import Periode


def toets_indicatie(gewist: bool, indicatie: Periode | None, dag: date) -> None:
    """Refuses care on `dag` without an indicatiebesluit in force that day.

    # Wlz art. 3.2.1: a right to care only "indien het CIZ heeft besloten dat hij daarop is aangewezen";
    # Wlz art. 3.3.1: the indicatiebesluit has a period; none is granted outside it.
    # AVG art. 17: once the person's data are erased, no further decisions are taken.
    """
    if gewist:
        raise Weigering("17 AVG", "de persoonsgegevens van deze verzekerde zijn gewist; er wordt niet meer beslist")
    if indicatie is None:
        raise Weigering("3.2.1 Wlz", "er is geen indicatiebesluit van het CIZ voor deze verzekerde")
    if not indicatie.bevat(dag):
        raise Weigering(
            "3.2.1 Wlz",
            f"het indicatiebesluit geldt van {indicatie.van.isoformat()}"
            + (f" tot en met {indicatie.tot.isoformat()}" if indicatie.tot else "")
            + f", niet op {dag.isoformat()}",
        )


def geboortedatum(bekend: date | None) -> date:
    """The birth date a rule needs; after erasure it is gone, and the rules say so (art. 17 AVG)."""
    if bekend is None:  # only after erasure, which toets_indicatie refuses first
        raise Weigering("17 AVG", "de geboortedatum is gewist")
    return bekend
