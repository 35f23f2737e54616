"""The AsyncAPI document as a page, rendered on the server: no script, no stylesheet or font from a CDN,
so it works where the service runs without internet. GET /asyncapi (HTML) and GET /asyncapi.json.

Per channel: its address, description, the operation (what the service does: receive or send), the
message with its Kafka key and headers, and the payload's fields (type, constraints, description), the
union's variants by `event_type`.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

_STIJL = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;color:#1b1b1b;line-height:1.4}
h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:1px solid #ccc;margin-top:2.5rem}h3{font-size:1.05rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}code{background:#f6f6f6;padding:0 .2rem}.klein{color:#555;font-size:.9rem}
"""


def _ref(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        deel: Any = document
        for stuk in schema["$ref"].removeprefix("#/").split("/"):
            deel = deel[stuk]
        schema = deel
    return schema


def _type(document: dict[str, Any], schema: dict[str, Any]) -> str:
    schema = _ref(document, schema)
    if "anyOf" in schema:
        return " | ".join(_type(document, s) for s in schema["anyOf"])
    if "const" in schema:
        return f"const {json.dumps(schema['const'])}"
    if "enum" in schema:
        waarden = [json.dumps(w, ensure_ascii=False) for w in schema["enum"]]
        return "one of " + ", ".join(waarden[:12]) + (f", … ({len(waarden)})" if len(waarden) > 12 else "")
    if schema.get("type") == "array":
        return f"array of {_type(document, schema.get('items', {}))}"
    if "properties" in schema:
        return str(schema.get("title", "object"))
    return str(schema.get("type", "any")) + (f" ({schema['format']})" if "format" in schema else "")


def _grenzen(schema: dict[str, Any]) -> str:
    sleutels = ("minLength", "maxLength", "pattern", "minimum", "maximum", "minItems", "maxItems")
    return ", ".join(f"{s} {schema[s]}" for s in sleutels if s in schema)


def _velden(document: dict[str, Any], schema: dict[str, Any], diepte: int = 0) -> str:
    schema = _ref(document, schema)
    regels = []
    verplicht = set(schema.get("required", []))
    for naam, sub in schema.get("properties", {}).items():
        opgelost = _ref(document, sub)
        regels.append(
            f"<tr><td>{'&nbsp;' * 4 * diepte}<code>{escape(naam)}</code>{' *' if naam in verplicht else ''}</td>"
            f"<td>{escape(_type(document, sub))}</td><td>{escape(_grenzen(opgelost))}</td>"
            f"<td>{escape(str(opgelost.get('description', sub.get('description', ''))))}</td></tr>"
        )
        if "properties" in opgelost and diepte < 2:
            regels.append(_velden(document, opgelost, diepte + 1))
    return "".join(regels)


def _payload(document: dict[str, Any], schema: dict[str, Any]) -> str:
    schema = _ref(document, schema)
    varianten = schema.get("anyOf", [schema])
    delen = []
    if "discriminator" in schema:
        delen.append(
            f"<p class=klein>One of {len(varianten)} event types, told apart by <code>{escape(schema['discriminator'])}</code>.</p>"
        )
    for variant in varianten:
        opgelost = _ref(document, variant)
        if "properties" not in opgelost:
            delen.append(f"<p>Payload: {escape(_type(document, opgelost))}</p>")
            continue
        delen.append(
            f"<h4>{escape(str(opgelost.get('title', '')))}</h4><table><tr><th>field (* required)</th><th>type</th>"
            f"<th>constraints</th><th>description</th></tr>{_velden(document, opgelost)}</table>"
        )
    return "".join(delen)


def pagina(document: dict[str, Any]) -> str:
    """The whole page as HTML (escaped throughout: descriptions come from the models)."""
    info = document["info"]
    titel = f"{escape(info['title'])} {escape(info['version'])}"
    delen = [
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{titel} - AsyncAPI</title>"
        f"<style>{_STIJL}</style></head><body><h1>{titel}</h1>",
        f"<p class=klein>AsyncAPI {escape(document['asyncapi'])} · <a href=asyncapi.json>asyncapi.json</a></p>",
        "<h2>Servers</h2><table><tr><th>name</th><th>host</th><th>protocol</th><th>security</th></tr>",
    ]
    for naam, server in sorted(document.get("servers", {}).items()):
        veiligheid = ", ".join(r["$ref"].split("/")[-1] for r in server.get("security", []))
        delen.append(
            f"<tr><td>{escape(naam)}</td><td>{escape(server['host'])}</td><td>{escape(server['protocol'])}</td><td>{escape(veiligheid)}</td></tr>"
        )
    delen.append("</table>")
    operaties = {op["channel"]["$ref"].split("/")[-1]: op for op in document.get("operations", {}).values()}
    for naam, kanaal in sorted(document.get("channels", {}).items()):
        actie = operaties.get(naam, {}).get("action", "")
        wie = "the service reads it" if actie == "receive" else "the service writes it" if actie == "send" else ""
        delen.append(f"<h2 id='{escape(naam)}'>{escape(kanaal.get('address', naam))}</h2><p>{escape(kanaal.get('description', ''))}</p>")
        delen.append(f"<p class=klein>{escape(wie)}</p>")
        for verwijzing in kanaal.get("messages", {}).values():
            bericht = _ref(document, verwijzing)
            sleutel = bericht.get("bindings", {}).get("kafka", {}).get("key", {})
            delen.append(f"<h3>Message {escape(str(bericht.get('name', bericht.get('title', ''))))}</h3>")
            delen.append(f"<p>Kafka key: {escape(_type(document, sleutel))} - {escape(sleutel.get('description', ''))}</p>")
            koppen = bericht.get("headers", {})
            if koppen.get("properties"):
                verplicht = set(koppen.get("required", []))
                delen.append("<table><tr><th>header (* required)</th><th>type</th><th>description</th></tr>")
                for kop, schema in koppen["properties"].items():
                    delen.append(
                        f"<tr><td><code>{escape(kop)}</code>{' *' if kop in verplicht else ''}</td>"
                        f"<td>{escape(_type(document, schema))}</td><td>{escape(schema.get('description', ''))}</td></tr>"
                    )
                delen.append("</table>")
            delen.append(_payload(document, bericht["payload"]))
    schemes = document.get("components", {}).get("securitySchemes", {})
    if schemes:
        delen.append("<h2>Security schemes</h2><table><tr><th>name</th><th>type</th><th>how</th></tr>")
        for naam, scheme in sorted(schemes.items()):
            delen.append(
                f"<tr><td>{escape(naam)}</td><td>{escape(scheme['type'])}</td><td>{escape(scheme.get('description', ''))}</td></tr>"
            )
        delen.append("</table>")
    delen.append("</body></html>")
    return "".join(delen)
