"""The AsyncAPI document says what FastStream leaves out: every message has a name, its Kafka key and
headers; union payloads name their discriminator; a production server lists the security schemes."""

from __future__ import annotations

import json
from pathlib import Path

from events.compatibility import CONTRACT


def _document() -> dict:  # type: ignore[type-arg]
    return dict(json.loads((CONTRACT / "asyncapi.json").read_text(encoding="utf-8")))


def test_elk_bericht_heeft_naam_sleutel_en_koppen() -> None:
    berichten = _document()["components"]["messages"]
    assert len(berichten) == 10
    namen = {b["name"] for b in berichten.values()}
    assert namen == {
        "Indicatie",
        "Aanvraag",
        "Besluit",
        "CakZorgmutatie",
        "SvbBudgetmutatie",
        "PgbPlafondDrempelBereikt",
        "DeadLetter",
        "IwlzBericht",
        "IwlzUitgaand",
        "IwlzRetour",
    }
    for bericht in berichten.values():
        assert bericht["bindings"]["kafka"]["key"]["type"] == "string"
        assert bericht["headers"]["type"] == "object"
    besluit = next(b for b in berichten.values() if b["name"] == "Besluit")
    assert set(besluit["headers"]["required"]) == {"event_id", "event_type", "schema_version", "wlz-notification-id"}
    assert "traceparent" in besluit["headers"]["properties"]
    assert "BSN" in next(b for b in berichten.values() if b["name"] == "Indicatie")["bindings"]["kafka"]["key"]["description"]


def test_unies_hebben_een_discriminator() -> None:
    document = _document()
    schemas = document["components"]["schemas"]
    unies = [n for n, s in schemas.items() if "anyOf" in s and n.endswith(":Payload")]
    assert set(unies) == {"wlz.indicaties:Message:Payload", "wlz.aanvragen:Message:Payload", "wlz.besluiten:Message:Payload"}
    for naam in unies:
        assert schemas[naam]["discriminator"] == "event_type"
        for variant in schemas[naam]["anyOf"]:
            doel = schemas[variant["$ref"].split("/")[-1]]
            assert "event_type" in doel["required"] or "const" in doel["properties"]["event_type"]


def test_security_schemes_en_productieserver() -> None:
    document = _document()
    schemes = document["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"scramSha512", "scramSha256", "plain", "X509"}
    productie = document["servers"]["production"]
    assert productie["protocol"] == "kafka-secure"
    assert {r["$ref"].split("/")[-1] for r in productie["security"]} == set(schemes)
    for kanaal in document["channels"].values():
        assert {"$ref": "#/servers/production"} in kanaal["servers"]


def test_het_document_is_geldig_asyncapi_3() -> None:
    """Validated against the official AsyncAPI 3.0.0 JSON Schema (tests/contract/asyncapi-3.0.0.schema.json,
    from the npm package @asyncapi/specs 6.11.1, Apache-2.0), so what was added to FastStream's output
    (names, keys, headers, discriminators, security schemes, the production server) is valid AsyncAPI."""
    from jsonschema import Draft7Validator

    specificatie = json.loads((Path(__file__).parent / "asyncapi-3.0.0.schema.json").read_text(encoding="utf-8"))
    fouten = [f"{list(f.absolute_path)}: {f.message[:120]}" for f in Draft7Validator(specificatie).iter_errors(_document())]
    assert fouten == []
    kapot = _document()
    kapot["components"]["securitySchemes"]["saslPlain"]["type"] = "bogus"
    assert not Draft7Validator(specificatie).is_valid(kapot)
