"""Validation errors rendered so that hostile input cannot travel through them.

A pydantic error names the field by its location, and for some rules the location or the message holds
what the sender wrote: the name of an unknown key (which may be a BSN, rich markup such as `[/red]`, or
ANSI escapes that reach an operator's terminal) and the value of an unknown `event_type` tag. Those texts
go to the console, the rejects file and the dead-letter headers, so they are rebuilt here from safe parts
only: a location element is shown when it is a plain identifier without a run of digits, otherwise as
`(onbekend veld)`; a message that could quote the input is replaced by our own; control characters never
pass. The value of a field is never part of the text (`include_input=False`).
"""

from __future__ import annotations

import re

from pydantic import ValidationError

ONBEKEND_VELD = "(onbekend veld)"
_VEILIGE_NAAM = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")
_CIJFERREEKS = re.compile(r"\d{5,}")  # a BSN has nine; field names hold years (2019)
_STUURTEKENS = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# pydantic error types whose message quotes the input: the rule in our words instead
_EIGEN_MELDING = {
    "union_tag_invalid": "onbekend event_type: niet een van de typen van het contract",
    "union_tag_not_found": "event_type ontbreekt",
}


def veilige_naam(deel: str | int) -> str:
    """One element of an error location as it may be shown: a list index, or a plain identifier."""
    if isinstance(deel, int):
        return str(deel)
    if _VEILIGE_NAAM.match(deel) and not _CIJFERREEKS.search(deel):
        return deel
    return ONBEKEND_VELD


def veilige_tekst(tekst: str) -> str:
    """A message without control characters (pydantic's messages hold the rule's limits, not the input,
    except the types in `_EIGEN_MELDING`)."""
    return _STUURTEKENS.sub("?", tekst)


def fouten_van(fout: ValidationError) -> tuple[str, str]:
    """The field (dotted path) and the rule of a validation error, without the offending value or any
    other text the sender chose."""
    fouten = fout.errors(include_input=False, include_url=False, include_context=False)
    velden = "; ".join(".".join(veilige_naam(d) for d in e["loc"]) or "(bericht)" for e in fouten)
    redenen = "; ".join(_EIGEN_MELDING.get(e["type"]) or veilige_tekst(e["msg"]) for e in fouten)
    return velden, redenen
