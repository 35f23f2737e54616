"""The BSN elfproef (events/bsn.py), held to its definition: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 ≡ 0 (mod 11)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from events.bsn import elfproef


def _definitie(nummer: str) -> bool:
    if len(nummer) != 9 or not all(c in "0123456789" for c in nummer) or nummer == "000000000":
        return False
    return sum(int(c) * g for c, g in zip(nummer, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True)) % 11 == 0


def test_elfproef_voorbeelden() -> None:
    assert elfproef("111222333")  # 9+8+7+12+10+8+9+6-3 = 66 = 6 x 11
    assert not elfproef("111222334")
    assert not elfproef("000000000")  # a multiple of 11, but no BSN
    assert not elfproef("11122233")  # eight digits
    assert not elfproef("١١١٢٢٢٣٣٣")  # Arabic-Indic digits are digits, but not a BSN


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_elfproef_gelijk_aan_de_definitie(nummer: str) -> None:
    assert elfproef(nummer) == _definitie(nummer)


@given(st.text(min_size=0, max_size=12))
def test_elfproef_van_willekeurige_tekst(tekst: str) -> None:
    assert elfproef(tekst) == _definitie(tekst)
