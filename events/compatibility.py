"""Does a new JSON Schema still accept what consumers of the old one rely on?

Breaking, for a consumer or for replaying stored events: a field removed, a field's type changed, an enum
value dropped, a new required field (old events lack it), and any narrowing of what a field accepts: a
lower maxLength/maxItems/maximum, a higher minLength/minItems/minimum, a new or changed pattern, format,
const or multipleOf, an enum where there was none. Adding an optional field or an enum value is not.
`breuken` lists the breaks between two schemas of one event type; `controleer` applies it to the
committed contract folder against the current models, allowing a break only with a raised
`schema_version` and a registered upcaster.

Narrowing is compared keyword by keyword here: of the libraries tried, jsonsubschema (subschema checks
through regular-expression automata) did not finish on a string with minLength and a pattern, nor on
`^[0-9]{9}$` against `^[0-9]{8,9}$`, and jsoncompat does not look at patterns. A changed pattern is
therefore always reported: whether one regular expression contains another is not decided here.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from events import event_types
from events.upcasting import UPCASTERS

CONTRACT = Path(__file__).parent / "contract"


def _los_op(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = defs[schema["$ref"].split("/")[-1]]
    return schema


def _soort(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    """A short signature of a non-object schema (objects are compared field by field)."""
    schema = _los_op(schema, defs)
    if "anyOf" in schema:
        return "|".join(sorted(_soort(s, defs) for s in schema["anyOf"]))
    if "properties" in schema:
        return "object"
    if "const" in schema:
        return f"const:{schema['const']}"
    if "enum" in schema:
        return f"enum:{schema.get('type', '')}"
    if schema.get("type") == "array":
        return f"array<{_soort(schema.get('items', {}), defs)}>"
    if schema.get("type") == "object":
        return f"map<{_soort(schema.get('additionalProperties', {}), defs)}>"
    return str(schema.get("type", "any")) + (f":{schema['format']}" if "format" in schema else "")


SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

ERKENDE_AANSCHERPINGEN = {
    "bsn": "the elfproef (events/bsn.py) always refused anything but nine digits",
    "regio": "the models always refused a regio outside the 31 of art. 8.12 (events/regios.py)",
    "zorgprofiel": "stored and published codes were always one of the catalogue's, in its one spelling (events/codes.py)",
}
"""Fields whose published schema was looser than what the models enforced: writing the enforced rule
into the schema (an enum or pattern where there was none) is not a break. Narrowing such a field
further (dropping an enum value, changing the pattern) still is."""

_MAXIMA = ("maxLength", "maxItems", "maximum", "exclusiveMaximum")
_MINIMA = ("minLength", "minItems", "minimum", "exclusiveMinimum")
_GELIJK = ("pattern", "format", "const")


def _basis(signatuur: str) -> str:
    """A signature without enum-ness: an enum of strings is still a string for the type check."""
    return signatuur.removeprefix("enum:") or "any"


def aanscherpingen(oud: dict[str, Any], nieuw: dict[str, Any]) -> list[str]:
    """How `nieuw` accepts less than `oud` (two schemas of the same type), keyword by keyword."""
    uit = []
    for sleutel in _MAXIMA:
        if sleutel in nieuw and (sleutel not in oud or nieuw[sleutel] < oud[sleutel]):
            uit.append(f"{sleutel} {oud.get(sleutel, '-')} -> {nieuw[sleutel]}")
    for sleutel in _MINIMA:
        if sleutel in nieuw and (sleutel not in oud or nieuw[sleutel] > oud[sleutel]):
            uit.append(f"{sleutel} {oud.get(sleutel, '-')} -> {nieuw[sleutel]}")
    for sleutel in _GELIJK:
        if sleutel in nieuw and nieuw[sleutel] != oud.get(sleutel):
            uit.append(f"{sleutel} {json.dumps(oud[sleutel]) if sleutel in oud else '-'} -> {json.dumps(nieuw[sleutel])}")
    if "multipleOf" in nieuw and ("multipleOf" not in oud or oud["multipleOf"] % nieuw["multipleOf"] != 0):
        uit.append(f"multipleOf {oud.get('multipleOf', '-')} -> {nieuw['multipleOf']}")
    if "enum" in nieuw and "enum" not in oud:
        uit.append(f"enum van {len(nieuw['enum'])} waarden waar elke waarde mocht")
    return uit


def _erkend(pad: str, oud: dict[str, Any]) -> bool:
    veld = pad.rsplit(".", 1)[-1].split("<")[0]
    return veld in ERKENDE_AANSCHERPINGEN and "enum" not in oud and "pattern" not in oud


def _vergelijk(oud: dict[str, Any], nieuw: dict[str, Any], od: dict[str, Any], nd: dict[str, Any], pad: str, uit: list[str]) -> None:
    oud, nieuw = _los_op(oud, od), _los_op(nieuw, nd)
    if "properties" in oud:
        if "properties" not in nieuw:
            uit.append(f"{pad}: was een object, nu {_soort(nieuw, nd)}")
            return
        for naam, sub in oud["properties"].items():
            if naam not in nieuw["properties"]:
                uit.append(f"{pad}.{naam}: veld verwijderd")
            else:
                _vergelijk(sub, nieuw["properties"][naam], od, nd, f"{pad}.{naam}", uit)
        for naam in sorted(set(nieuw.get("required", [])) - set(oud.get("required", []))):
            uit.append(f"{pad}.{naam}: nieuw verplicht veld (oudere berichten hebben het niet)")
        return
    if oud.get("type") == "array" and nieuw.get("type") == "array":
        _vergelijk(oud.get("items", {}), nieuw.get("items", {}), od, nd, f"{pad}[]", uit)
        return
    oud_varianten = [_los_op(s, od) for s in oud.get("anyOf", [oud])]
    nieuw_varianten = [_los_op(s, nd) for s in nieuw.get("anyOf", [nieuw])]
    for variant in oud_varianten:
        if "properties" in variant:
            passend = [v for v in nieuw_varianten if "properties" in v and v.get("title") == variant.get("title")]
            if not passend:
                uit.append(f"{pad}: variant {variant.get('title')} verdwenen")
            else:
                _vergelijk(variant, passend[0], od, nd, f"{pad}<{variant.get('title')}>", uit)
            continue
        soort = _basis(_soort(variant, od))
        passend = [v for v in nieuw_varianten if _basis(_soort(v, nd)) == soort]
        if not passend:
            uit.append(f"{pad}: type {_soort(variant, od)} is nu {_soort(nieuw, nd)}")
            continue
        if "enum" in variant and "enum" in passend[0]:
            if weg := sorted(set(variant["enum"]) - set(passend[0]["enum"])):
                uit.append(f"{pad}: enumwaarden verdwenen: {weg}")
        elif (smaller := aanscherpingen(variant, passend[0])) and not (ERKEN.get() and _erkend(pad, variant)):
            uit.append(f"{pad}: aangescherpt ({'; '.join(smaller)}): oudere berichten kunnen nu geweigerd worden")


ERKEN: ContextVar[bool] = ContextVar("ERKEN", default=False)


def breuken(oud: dict[str, Any], nieuw: dict[str, Any], *, erken: bool = False) -> list[str]:
    """Every break from `oud` to `nieuw`; with `erken`, minus the acknowledged narrowings above."""
    uit: list[str] = []
    token = ERKEN.set(erken)
    try:
        _vergelijk(oud, nieuw, oud.get("$defs", {}), nieuw.get("$defs", {}), "", uit)
    finally:
        ERKEN.reset(token)
    return uit


def schema_pad(event_type: str, versie: int, map_: Path = CONTRACT) -> Path:
    return map_ / "schemas" / event_type / f"v{versie}.schema.json"


def schema_id(event_type: str, versie: int) -> str:
    """The `$id` of a published schema: a name, not a place (the service serves them under /asyncapi)."""
    return f"urn:wlz-casemanagement:schema:{event_type}:v{versie}"


def huidig_schema(event_type: str) -> tuple[int, dict[str, Any]]:
    """The published JSON Schema (2020-12) of an event type's current version, with `$schema` and `$id`."""
    klasse = event_types()[event_type]
    versie = int(klasse.model_fields["schema_version"].default)
    return versie, {"$schema": SCHEMA_DIALECT, "$id": schema_id(event_type, versie), **klasse.model_json_schema()}


def controleer(map_: Path = CONTRACT) -> list[str]:
    """Every way the current models would break the committed contract."""
    problemen: list[str] = []
    typen = event_types()
    for pad in sorted((map_ / "schemas").glob("*/v*.schema.json")):
        event_type, versie = pad.parent.name, int(pad.name.removeprefix("v").split(".")[0])
        if event_type not in typen:
            problemen.append(f"{event_type}: type verdwenen uit het contract")
            continue
        huidige_versie, nieuw = huidig_schema(event_type)
        if huidige_versie == versie:
            oud = json.loads(pad.read_text(encoding="utf-8"))
            problemen += [f"{event_type} v{versie}{b}" for b in breuken(oud, nieuw, erken=True)]
        elif huidige_versie > versie and (event_type, versie) not in UPCASTERS:
            problemen.append(f"{event_type}: schema_version {versie} -> {huidige_versie} zonder upcaster voor v{versie}")
    return problemen


def exporteer(map_: Path = CONTRACT) -> list[Path]:
    """Writes the current schema of every type (a new version beside the old ones, never over them)."""
    paden = []
    for event_type in sorted(event_types()):
        versie, schema = huidig_schema(event_type)
        pad = schema_pad(event_type, versie, map_)
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_text(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        paden.append(pad)
    return paden
