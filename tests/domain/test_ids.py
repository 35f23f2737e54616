"""services/domain/ids.py gives the very ids the standard library gives: a replay, and every consumer
that derived an id before, must find the same ones."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from services.domain.ids import uuid5, uuid_uit


@given(st.uuids(), st.text())
def test_uuid5_is_die_van_de_standaardbibliotheek(namespace: uuid.UUID, naam: str) -> None:
    try:
        verwacht = uuid.uuid5(namespace, naam)
    except UnicodeEncodeError:  # a lone surrogate: neither encodes it
        return
    gekregen = uuid5(namespace, naam)
    assert gekregen == verwacht
    assert gekregen.version == 5 and gekregen.variant == uuid.RFC_4122
    assert str(gekregen) == str(verwacht) and hash(gekregen) == hash(verwacht) and gekregen.is_safe == verwacht.is_safe


@given(st.binary(min_size=16, max_size=32), st.integers(min_value=1, max_value=5))
def test_uuid_uit_is_uuid_met_versie(ruw: bytes, versie: int) -> None:
    assert uuid_uit(ruw, versie) == uuid.UUID(bytes=ruw[:16], version=versie)


def test_een_vast_id() -> None:
    # the namespace of the receipts (services/domain/ontvangst.py), as uuid.uuid5 gave it (Python 3.11)
    assert uuid5(uuid.NAMESPACE_URL, "wlz:ontvangst") == uuid.UUID("db1443ca-b58c-50c1-9945-e35e751c875a")
