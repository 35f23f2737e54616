"""The bundled demo scenario (`scenario.jsonl`): ten clients across regions and delivery forms."""

from importlib.resources import files

SCENARIO = files(__package__) / "scenario.jsonl"
