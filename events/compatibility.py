"""Does a new JSON Schema still accept what consumers of the old one rely on?

Breaking, for a consumer or for replaying stored events: a field removed, a field's type changed, an enum
value dropped, a new required field (old events lack it). Adding an optional field or an enum value is
not. `breuken` lists the breaks between two schemas of one event type; `controleer` applies it to the
committed contract folder against the current models, allowing a break only with a raised
`schema_version` and a registered upcaster.
"""

from __future__ import annotations

import json
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
        if _soort(variant, od) not in {_soort(v, nd) for v in nieuw_varianten}:
            uit.append(f"{pad}: type {_soort(variant, od)} is nu {_soort(nieuw, nd)}")
        elif "enum" in variant:
            nieuw_enum = next(set(v["enum"]) for v in nieuw_varianten if "enum" in v)
            if weg := sorted(set(variant["enum"]) - nieuw_enum):
                uit.append(f"{pad}: enumwaarden verdwenen: {weg}")


def breuken(oud: dict[str, Any], nieuw: dict[str, Any]) -> list[str]:
    uit: list[str] = []
    _vergelijk(oud, nieuw, oud.get("$defs", {}), nieuw.get("$defs", {}), "", uit)
    return uit


def schema_pad(event_type: str, versie: int, map_: Path = CONTRACT) -> Path:
    return map_ / "schemas" / event_type / f"v{versie}.schema.json"


def huidig_schema(event_type: str) -> tuple[int, dict[str, Any]]:
    klasse = event_types()[event_type]
    return int(klasse.model_fields["schema_version"].default), klasse.model_json_schema()


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
            problemen += [f"{event_type} v{versie}{b}" for b in breuken(json.loads(pad.read_text(encoding="utf-8")), nieuw)]
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
