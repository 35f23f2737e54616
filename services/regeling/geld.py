"""Money as integer eurocents, with one rounding rule.

Why integer cents: every amount in the Regeling is a whole euro, and every amount this service derives
(pro rata per day, a percentage, a deeltijd fraction) must be reproducible to the cent on replay. Floats
cannot promise that; Decimal arithmetic with one explicit rounding step can.

The rounding rule (the only one in the code base): an amount derived from other amounts is computed
exactly as a fraction and rounded once, to whole cents, half away from zero ("half up" for the
non-negative amounts the Regeling deals in). Totals are sums of already rounded parts, so a breakdown
always adds up to its total.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

Cent = int
"""An amount in eurocents."""


def euro(bedrag_in_euro: int) -> Cent:
    """Whole euros (as printed in the Regeling) to cents."""
    return bedrag_in_euro * 100


def afronden(waarde: Fraction) -> Cent:
    """The rounding rule: exact fraction of cents to whole cents, half away from zero."""
    exact = Decimal(waarde.numerator) / Decimal(waarde.denominator)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def deel(bedrag: Cent, teller: int, noemer: int) -> Cent:
    """`bedrag` x teller / noemer, rounded by the rounding rule (in integers: the hot path of every budget)."""
    if noemer <= 0:
        raise ValueError("noemer moet positief zijn")
    product = bedrag * teller
    quotient, rest = divmod(abs(product), noemer)
    if 2 * rest >= noemer:
        quotient += 1
    return quotient if product >= 0 else -quotient


def procent(bedrag: Cent, percentage: int) -> Cent:
    """A whole percentage of an amount, rounded by the rounding rule."""
    return deel(bedrag, percentage, 100)


def dagen_in_jaar(jaar: int) -> int:
    return 366 if calendar.isleap(jaar) else 365


def pro_rata(jaarbedrag: Cent, van: date, tot: date) -> Cent:
    """A yearly amount for the days from `van` to `tot`, both inclusive, within one calendar year.

    Yearly amounts are taken per day over the actual length of that year (366 days in 2020), so a full
    year gives exactly the yearly amount (Toelichting: "Alle bedragen zijn jaarbedragen").
    """
    if van.year != tot.year:
        raise ValueError("pro_rata works within one calendar year; split the period per year first")
    if tot < van:
        return 0
    dagen = (tot - van).days + 1
    return deel(jaarbedrag, dagen, dagen_in_jaar(van.year))


def als_euro(bedrag: Cent) -> str:
    """Dutch notation for people: EUR 1.234,56."""
    teken = "-" if bedrag < 0 else ""
    euros, centen = divmod(abs(bedrag), 100)
    return f"€ {teken}{euros:,}".replace(",", ".") + f",{centen:02d}"
