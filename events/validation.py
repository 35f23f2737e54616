"""Validate a message against the published JSON Schemas before sending it (the jsonschema library).

The schemas in events/contract/schemas carry everything JSON Schema can say (BSN pattern, regio and
zorgprofiel enumerations, lengths, dates); the elfproef of a BSN is the format `bsn`, which a format
checker asserts: `validator(event_type)` has one. A producer in another language registers the same
format (9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11).
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from events.bsn import elfproef
from events.compatibility import CONTRACT


def format_checker() -> FormatChecker:
    """The standard formats (date, uuid, …) plus `bsn`."""
    checker = FormatChecker()
    checker.checks("bsn")(lambda waarde: not isinstance(waarde, str) or elfproef(waarde))
    return checker


def validator(event_type: str, versie: int = 1) -> Draft202012Validator:
    """A validator of the committed schema of one event type and version, asserting formats."""
    pad = CONTRACT / "schemas" / event_type / f"v{versie}.schema.json"
    return Draft202012Validator(json.loads(pad.read_text(encoding="utf-8")), format_checker=format_checker())


def fouten(bericht: dict[str, Any]) -> list[str]:
    """Every way a message breaks its schema, as `path: rule` (never the value: it may be a BSN)."""
    event_type, versie = str(bericht.get("event_type")), int(bericht.get("schema_version", 1))
    uit = []
    for fout in sorted(validator(event_type, versie).iter_errors(bericht), key=lambda f: list(map(str, f.absolute_path))):
        pad = ".".join(str(d) for d in fout.absolute_path) or "(bericht)"
        uit.append(f"{pad}: {fout.validator} {json.dumps(fout.validator_value)[:60] if fout.validator != 'enum' else ''}".rstrip())
    return uit
