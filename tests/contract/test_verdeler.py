"""The producers' partitioner (services/adapters/kafka/verdeler.py) chooses exactly Kafka's default
partition for every key, so a case's records keep landing where its earlier ones went."""

from __future__ import annotations

from uuid import uuid4

from aiokafka.partitioner import DefaultPartitioner
from hypothesis import given
from hypothesis import strategies as st

from services.adapters.kafka.verdeler import verdeel


@given(st.binary(max_size=64), st.integers(min_value=1, max_value=64))
def test_verdeler_kiest_de_partitie_van_de_standaard(sleutel: bytes, aantal: int) -> None:
    partities = list(range(aantal))
    assert verdeel(sleutel, partities, partities) == DefaultPartitioner()(sleutel, partities, partities)
    assert verdeel(sleutel, partities, partities) == verdeel(sleutel, partities, partities)  # remembered, unchanged


def test_verdeler_op_case_ids() -> None:
    partities = list(range(6))
    for _ in range(200):
        sleutel = str(uuid4()).encode()
        assert verdeel(sleutel, partities, partities[:2]) == DefaultPartitioner()(sleutel, partities, partities[:2])
    assert verdeel(None, partities, [4]) == 4  # no key: one of the partitions available, as the default does
