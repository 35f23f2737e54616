"""Money: integer cents, one rounding rule, per-day proration over the real length of the year."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from services.regeling.geld import afronden, als_euro, dagen_in_jaar, euro, pro_rata


def test_afronden_half_naar_boven() -> None:
    assert afronden(Fraction(5, 2)) == 3
    assert afronden(Fraction(249, 100)) == 2
    assert afronden(Fraction(-5, 2)) == -3


def test_schrikkeljaar_2020_telt_366_dagen() -> None:
    assert dagen_in_jaar(2020) == 366
    assert dagen_in_jaar(2019) == 365


def test_heel_jaar_is_het_jaarbedrag() -> None:
    assert pro_rata(euro(52_286), date(2020, 1, 1), date(2020, 12, 31)) == euro(52_286)


def test_pgb_vanaf_1_juli_2020_is_184_van_366_dagen() -> None:
    # 52.286 x 184 / 366 = 26.285,857... -> 26.285,86
    assert pro_rata(euro(52_286), date(2020, 7, 1), date(2020, 12, 31)) == 2_628_586


def test_29_februari_telt_mee() -> None:
    # 36.600 a year over 366 days is exactly 100 a day
    assert pro_rata(euro(36_600), date(2020, 2, 28), date(2020, 3, 1)) == euro(300)


def test_euro_notatie() -> None:
    assert als_euro(123_456_78) == "€ 123.456,78"
    assert als_euro(-5) == "€ -0,05"
