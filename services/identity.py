"""Case ids derived from the BSN with a keyed hash.

Why keyed: a plain hash (or uuid5) of a nine-digit number is reversed by trying all 10^9 of them; an
HMAC with a secret key is not. The same BSN always gives the same case id under one key, which is what
lets a request find the case its indication opened, and what Kafka partitions on (never the raw BSN).
"""

from __future__ import annotations

import hashlib
import hmac
from uuid import UUID


def case_id_voor(bsn: str, sleutel: bytes) -> UUID:
    digest = hmac.new(sleutel, f"wlz-case:{bsn}".encode(), hashlib.sha256).digest()
    return UUID(bytes=digest[:16], version=4)
