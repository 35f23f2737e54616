"""Name-based UUIDs, the same bits as `uuid.uuid5` and `uuid.UUID(bytes=..., version=...)` give, without
the checks `uuid.UUID.__init__` makes in Python on every call.

Why: every decision, feed record and receipt has a uuid5 id (a replay must give the same ids), and every
message a case id (services/identity.py); those constructors took about 2 % of `wlz serve`'s CPU (py-spy,
20.000 events, 2026-12-07). tests/domain/test_ids.py compares both with the standard library (hypothesis).
"""

from __future__ import annotations

from hashlib import sha1
from uuid import UUID, SafeUUID

# RFC 4122: the variant bits (10) at bits 62-63 and the version at bits 76-79, set as uuid.UUID sets them
_ZONDER_VARIANT_EN_VERSIE = ~((0xC000 << 48) | (0xF000 << 64))
_VARIANT = 0x8000 << 48


def uuid_uit(ruw: bytes, versie: int) -> UUID:
    """`uuid.UUID(bytes=ruw[:16], version=versie)`: a digest's first 16 bytes as a UUID of that version."""
    getal = (int.from_bytes(ruw[:16], "big") & _ZONDER_VARIANT_EN_VERSIE) | _VARIANT | (versie << 76)
    uuid = object.__new__(UUID)
    object.__setattr__(uuid, "int", getal)
    object.__setattr__(uuid, "is_safe", SafeUUID.unknown)
    return uuid


def uuid5(namespace: UUID, naam: str) -> UUID:
    """`uuid.uuid5(namespace, naam)`."""
    return uuid_uit(sha1(namespace.bytes + naam.encode(), usedforsecurity=False).digest(), 5)
