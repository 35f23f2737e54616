"""The partitioner of the service's producers: Kafka's default (murmur2 of the key, as the Java client
does), with the hash of a key remembered.

Why: aiokafka computes murmur2 in pure Python for every record sent, and the publisher sends each
case's decisions and feed records under the same few keys, so hashing cost 1.6 % of the service. The
partition chosen is exactly the default's (tests/contract/test_verdeler.py compares them), so a
case keeps landing on the partition its earlier records went to.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from aiokafka.partitioner import DefaultPartitioner, murmur2

_STANDAARD = DefaultPartitioner()


@lru_cache(maxsize=65_536)
def _hash(sleutel: bytes) -> int:
    return int(murmur2(sleutel)) & 0x7FFFFFFF


def verdeel(sleutel: bytes | None, alle: Sequence[int], beschikbaar: Sequence[int]) -> int:
    """The partition of a record: the default partitioner's choice."""
    if sleutel is None:
        return int(_STANDAARD(sleutel, alle, beschikbaar))
    return alle[_hash(sleutel) % len(alle)]
