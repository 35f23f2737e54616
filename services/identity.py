"""Case ids derived from the BSN with a keyed hash.

Why keyed: a plain hash (or uuid5) of a nine-digit number is reversed by trying all 10^9 of them; an
HMAC with a secret key is not. The same BSN always gives the same case id under one key, which is what
lets a request find the case its indication opened, and what Kafka partitions on (never the raw BSN).
"""

from __future__ import annotations

import hmac
from uuid import UUID

from services.domain.ids import uuid_uit


def case_id_voor(bsn: str, sleutel: bytes) -> UUID:
    # the one-shot form: OpenSSL's HMAC in one call, where `hmac.new(...).digest()` builds two hash
    # objects in Python for every message (the same bytes; tests/domain/test_identity.py)
    digest = hmac.digest(sleutel, f"wlz-case:{bsn}".encode(), "sha256")
    return uuid_uit(digest, 4)  # UUID(bytes=digest[:16], version=4)
