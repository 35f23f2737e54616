"""The 31 zorgkantoorregio's, spelled as in art. 8.12 of the Regeling."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

ZORGKANTOORREGIOS: tuple[str, ...] = (
    "Groningen",
    "Friesland",
    "Drenthe",
    "Zwolle",
    "Twente",
    "Apeldoorn, Zutphen en omstreken",
    "Midden IJssel",
    "Arnhem",
    "Nijmegen",
    "Utrecht",
    "Flevoland",
    "'t Gooi",
    "Noord-Holland Noord",
    "Kennemerland",
    "Zaanstreek/Waterland",
    "Amsterdam",
    "Amstelland en de Meerlanden",
    "Zuid-Holland Noord",
    "Haaglanden",
    "Westland Schieland Delfland",
    "Midden-Holland",
    "Rotterdam",
    "Zuid-Hollandse Eilanden",
    "Waardenland",
    "Zeeland",
    "West-Brabant",
    "Midden-Brabant",
    "Noordoost Brabant",
    "Zuidoost Brabant",
    "Noord- en Midden-Limburg",
    "Zuid-Limburg",
)


Regio = Annotated[str, Field(json_schema_extra={"enum": list(ZORGKANTOORREGIOS)})]
"""A zorgkantoorregio in the contract: the published schema lists the 31 names (art. 8.12), so a producer
can check before sending; the models' validators refuse any other name."""
