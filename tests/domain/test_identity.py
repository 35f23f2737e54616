"""The case id is HMAC-SHA256 of the BSN under the service's key (services/identity.py), whichever way
the HMAC is computed: a case id that changed would orphan every stored case."""

from __future__ import annotations

import hashlib
import hmac
from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from services.identity import case_id_voor


@given(bsn=st.text(alphabet="0123456789", min_size=9, max_size=9), sleutel=st.binary(min_size=1, max_size=64))
def test_case_id_is_de_hmac_van_het_bsn(bsn: str, sleutel: bytes) -> None:
    digest = hmac.new(sleutel, f"wlz-case:{bsn}".encode(), hashlib.sha256).digest()
    assert case_id_voor(bsn, sleutel) == UUID(bytes=digest[:16], version=4)


def test_case_id_vast_voor_een_bekende_sleutel() -> None:
    # pinned: the same key and BSN must give this id in every version of the service
    assert case_id_voor("111222333", b"k" * 32) == UUID("91a80b83-94e9-49d5-b42c-a0ed1bea1c18")
