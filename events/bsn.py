"""The BSN (burgerservicenummer): nine digits that pass the elfproef.

A BSN is personal data: it is validated here and carried in payloads, and it must never be logged;
validation errors therefore say *that* the BSN fails, never which number was given.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationInfo

_GEWICHTEN = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_NUL = ord("0") * sum(_GEWICHTEN)  # what the digits' character codes add beyond their values


def elfproef(nummer: str) -> bool:
    """The BSN elfproef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11 (and not all zeros).

    Written out on the character codes: every BSN of every payload, stored event and feed record passes
    here, and the generator over `zip` cost 4 % of the service's time (tests/contract/test_bsn.py holds
    it to the definition)."""
    if len(nummer) != 9 or not nummer.isascii() or not nummer.isdigit() or nummer == "000000000":
        return False
    c = nummer.encode()
    return (9 * c[0] + 8 * c[1] + 7 * c[2] + 6 * c[3] + 5 * c[4] + 4 * c[5] + 3 * c[6] + 2 * c[7] - c[8] - _NUL) % 11 == 0


GEWIST = "GEWIST"
"""What a BSN reads as once its person's key is erased (crypto-shredding); accepted only when reading
back from the store (validation context `gewist`), never from a sender."""


def _controleer(nummer: str, info: ValidationInfo) -> str:
    if nummer == GEWIST and isinstance(info.context, dict) and info.context.get("gewist"):
        return nummer
    if not elfproef(nummer):
        # Deliberately without the value: error texts end up in logs and dead-letter records.
        raise ValueError("BSN moet uit 9 cijfers bestaan en voldoen aan de elfproef")
    return nummer


BSN_SCHEMA: dict[str, Any] = {
    "pattern": "^[0-9]{9}$",
    "minLength": 9,
    "format": "bsn",
    "description": "burgerservicenummer: nine digits passing the elfproef (9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11)."
    " A pattern cannot express the elfproef: assert the format `bsn` (events.validation does).",
}
"""What the published JSON Schema says of a BSN. The model's own minimum length of 6 is for `GEWIST`,
which is read back from the store only and never travels on a topic."""

Bsn = Annotated[str, Field(min_length=6, max_length=9, json_schema_extra=BSN_SCHEMA), AfterValidator(_controleer)]
