"""JSON Schema export of the contract: one file per event type and schema version."""

from __future__ import annotations

import json
from pathlib import Path

from events import event_types


def exporteer(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paden = []
    for naam, klasse in sorted(event_types().items()):
        versie = klasse.model_fields["schema_version"].default
        pad = folder / f"{naam}.v{versie}.schema.json"
        pad.write_text(json.dumps(klasse.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        paden.append(pad)
    return paden
