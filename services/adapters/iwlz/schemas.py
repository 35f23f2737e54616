"""The official iWlz 2.2 XSDs: which message is which, reading (well-formed, known, XSD-valid) and
writing (dict -> XML, validated while it is encoded) with the xmlschema library.

The XSDs are vendored unchanged in `xsd/` (EUPL, see `xsd/BRON.md`). The message schemas import
`basisschema.xsd` while the file is `Basisschema.xsd`: a URI mapper resolves that name, so the official
files are never edited and the package works on a case-sensitive file system without ../shared.
XML is parsed with entity expansion and external resources refused (xmlschema's `defuse="always"`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import xmlschema
from xmlschema.validators import XsdElement

XSD_MAP = Path(__file__).parent / "xsd"
RELEASE = "2_2"
BASIS_NS = f"http://www.istandaarden.nl/iwlz/{RELEASE}/basisschema/schema"
_NS_PREFIX = "http://www.istandaarden.nl/iwlz/"


@dataclass(frozen=True, slots=True)
class Berichtsoort:
    """One iWlz message: its XSD file, namespace and BerichtCode."""

    naam: str  # IO31, AW33, ...
    berichtcode: str

    @property
    def prefix(self) -> str:
        return self.naam.lower()

    @property
    def namespace(self) -> str:
        return f"{_NS_PREFIX}{RELEASE}/{self.prefix}/schema"

    @property
    def xsd(self) -> Path:
        return XSD_MAP / f"{self.naam}.xsd"

    @property
    def xsd_naam(self) -> str:
        return f"xsd/{self.naam}.xsd"


BERICHTSOORTEN: dict[str, Berichtsoort] = {
    s.naam: s
    for s in (
        Berichtsoort("IO31", "388"),
        Berichtsoort("IO32", "389"),
        Berichtsoort("AW33", "352"),
        Berichtsoort("AW34", "353"),
        Berichtsoort("AW35", "354"),
        Berichtsoort("AW36", "355"),
        Berichtsoort("AW39", "358"),
        Berichtsoort("AW310", "359"),
        Berichtsoort("CA317", "406"),
        Berichtsoort("CA318", "407"),
        Berichtsoort("CA319", "410"),
        Berichtsoort("CA320", "411"),
    )
}
"""The messages a zorgkantoor exchanges in this service (the README of this package names directions)."""


class IwlzError(ValueError):
    """A message that cannot be taken: which message (its BerichtIdentificatie, when it could be read),
    the element path and the rule. Never carries a value from the message (it may be a BSN)."""

    def __init__(self, bericht_id: str | None, pad: str, regel: str, soort: str = "iwlz", retourcode: str = "0001") -> None:
        super().__init__(f"{bericht_id or '(onbekend bericht)'} {pad}: {regel}")
        self.bericht_id = bericht_id
        self.pad = pad
        self.regel = regel
        self.soort = soort  # xml | onbekend | xsd | inhoud
        self.retourcode = retourcode  # the standard's retourcode for the retourbericht


def _uri(uri: str) -> str:
    """The resolver: `basisschema.xsd` (any case) is the vendored `Basisschema.xsd`."""
    if uri.rsplit("/", 1)[-1].lower() == "basisschema.xsd":
        return str(XSD_MAP / "Basisschema.xsd")
    return uri


@cache
def schema(naam: str) -> xmlschema.XMLSchema10:
    """The XSD of one message, loaded once per process (the basisschema makes this ~0.5 s)."""
    soort = BERICHTSOORTEN[naam]
    return xmlschema.XMLSchema10(str(soort.xsd), uri_mapper=_uri)


def xsd_versies(naam: str) -> tuple[str, str]:
    """BerichtXsdMinVersie and -MaxVersie from the schema's appinfo."""
    appinfo = _appinfo(naam)
    return appinfo["BerichtXsdMinVersie"], appinfo["BerichtXsdMaxVersie"]


@cache
def _appinfo(naam: str) -> dict[str, str]:
    wortel = ElementTree.parse(BERICHTSOORTEN[naam].xsd).getroot()
    xs = "{http://www.w3.org/2001/XMLSchema}"
    uit: dict[str, str] = {}
    for element in wortel.iterfind(f"{xs}annotation/{xs}appinfo/*"):
        uit[element.tag.rsplit("}", 1)[-1]] = (element.text or "").strip()
    return uit


def xsd_versie(naam: str) -> dict[str, str]:
    """The XsdVersie block an outbound message of this schema carries."""
    appinfo = _appinfo(naam)
    return {"BasisschemaXsdVersie": appinfo["BasisschemaXsdVersie"], "BerichtXsdVersie": appinfo["BerichtXsdVersie"]}


@dataclass(frozen=True, slots=True)
class Gelezen:
    """A received message that is well-formed, of a known type and version, and valid against its XSD.
    `data` is the decoded content without namespace prefixes (xmlschema's `strip_namespaces`)."""

    soort: Berichtsoort
    data: dict[str, Any]
    bericht_id: str
    dagtekening: date
    xsd_versie: dict[str, str]


def _wortel(xml: bytes) -> ElementTree.Element:
    try:
        resource = xmlschema.XMLResource(xml, defuse="always", allow="none")
    except Exception as fout:  # ElementTree.ParseError, defusedxml's forbidden constructs, ...
        raise IwlzError(None, "/", f"geen goedgevormde XML ({type(fout).__name__})", soort="xml") from None
    wortel = resource.root
    assert isinstance(wortel, ElementTree.Element)
    return wortel


def soort_van(wortel: ElementTree.Element) -> Berichtsoort:
    """The message type from the root element's namespace (`.../iwlz/<release>/<bericht>/schema`)."""
    tag = wortel.tag
    namespace, _, lokaal = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if lokaal != "Bericht" or not namespace.startswith(_NS_PREFIX):
        raise IwlzError(None, f"/{lokaal}", "geen iWlz-bericht: het wortelelement is niet Bericht in een iWlz-namespace", soort="onbekend")
    release, _, rest = namespace[len(_NS_PREFIX) :].partition("/")
    if release != RELEASE:
        bekend = RELEASE.replace("_", ".")
        raise IwlzError(None, "/Bericht", f"onbekende iWlz-release {release!r}: alleen {bekend} wordt gelezen", soort="onbekend")
    naam = rest.removesuffix("/schema").upper()
    if naam not in BERICHTSOORTEN:
        raise IwlzError(None, "/Bericht", f"onbekend berichttype {naam!r} (namespace {namespace})", soort="onbekend")
    return BERICHTSOORTEN[naam]


def _bericht_id(wortel: ElementTree.Element) -> str | None:
    """The message's Identificatie, read before validation so even a rejection can name it."""
    for element in wortel.iter():
        if element.tag == f"{{{BASIS_NS}}}Identificatie" and element.text:
            return element.text.strip()[:12]
    return None


def lees(xml: bytes, verwacht: frozenset[str] | None = None) -> Gelezen:
    """A received message, checked in this order: well-formed, a known iWlz type and release, one we
    receive (`verwacht`), valid against its XSD (the first error names the element path and the rule),
    and an XsdVersie inside the schema's min..max. Raises IwlzError."""
    wortel = _wortel(xml)
    bericht_id = _bericht_id(wortel)
    try:
        soort = soort_van(wortel)
    except IwlzError as fout:
        raise IwlzError(bericht_id, fout.pad, fout.regel, fout.soort) from None
    if verwacht is not None and soort.naam not in verwacht:
        raise IwlzError(bericht_id, "/Bericht", f"{soort.naam} is geen bericht dat de zorgkantoor ontvangt", soort="onbekend")
    xsd = schema(soort.naam)
    eerste = next(iter(xsd.iter_errors(wortel)), None)
    if eerste is not None:
        pad = _zonder_prefixen(eerste.path or "/Bericht")
        raise IwlzError(bericht_id, pad, f"{soort.xsd_naam}: {eerste.reason or eerste.message}", soort="xsd")
    data: dict[str, Any] = dict(xsd.to_dict(wortel, strip_namespaces=True, validation="strict"))  # type: ignore[arg-type]
    kop = data["Header"]
    versie = {k: str(v) for k, v in kop["XsdVersie"].items()}
    laagste, hoogste = xsd_versies(soort.naam)
    if not _versie(laagste) <= _versie(versie["BerichtXsdVersie"]) <= _versie(hoogste):
        raise IwlzError(
            bericht_id,
            "/Bericht/Header/XsdVersie/BerichtXsdVersie",
            f"{soort.xsd_naam}: BerichtXsdVersie buiten {laagste}..{hoogste}",
            soort="onbekend",
        )
    identificatie = kop["BerichtIdentificatie"]
    return Gelezen(soort, data, str(identificatie["Identificatie"]), date.fromisoformat(str(identificatie["Dagtekening"])), versie)


def _versie(tekst: str) -> tuple[int, ...]:
    return tuple(int(d) for d in tekst.split("."))


def _zonder_prefixen(pad: str) -> str:
    """`/{ns}Bericht/io31:Header` -> `/Bericht/Header`: element paths as the README names them."""
    return "/".join(deel.split(":", 1)[-1] for deel in re.sub(r"\{[^}]*\}", "", pad).split("/"))


def kinderen(element: XsdElement) -> list[XsdElement]:
    """The child elements of an element's complex type, in XSD order (none for a simple type)."""
    inhoud: Any = getattr(element.type, "content", None)
    if inhoud is None or not hasattr(inhoud, "iter_elements"):
        return []
    return [kind for kind in inhoud.iter_elements() if isinstance(kind, XsdElement)]


def kind(element: XsdElement, naam: str) -> XsdElement:
    return next(k for k in kinderen(element) if k.local_name == naam)


def _kwalificeer(element: XsdElement, waarde: Any) -> Any:
    """A plain (unprefixed) dict made into xmlschema's qualified form, child names looked up in the XSD:
    children of shared types are in the basisschema namespace, the others in the message's."""
    if isinstance(waarde, list):
        return [_kwalificeer(element, w) for w in waarde]
    if not isinstance(waarde, Mapping):
        return waarde
    per_naam = {str(k.local_name): k for k in kinderen(element)}
    uit: dict[str, Any] = {}
    for sleutel, inhoud in waarde.items():
        gevonden = per_naam.get(sleutel)
        if gevonden is None:
            raise IwlzError(None, f"{element.local_name}/{sleutel}", "element bestaat niet in het XSD", soort="schrijven")
        uit[str(gevonden.qualified_name)] = _kwalificeer(gevonden, inhoud)
    return uit


def schrijf(naam: str, data: Mapping[str, Any]) -> bytes:
    """The XML of an outbound message from a plain dict (element names without prefixes, in XSD order).
    xmlschema encodes and validates in one step: an invalid message raises, it is never written."""
    soort = BERICHTSOORTEN[naam]
    xsd = schema(naam)
    wortel = xsd.elements["Bericht"]
    element = xsd.encode(_kwalificeer(wortel, data), path=wortel.qualified_name, validation="strict")
    assert isinstance(element, ElementTree.Element)
    namespaces = {soort.prefix: soort.namespace, "iwlz": BASIS_NS}
    tekst = xmlschema.etree_tostring(element, namespaces=namespaces, xml_declaration=True, encoding="UTF-8")
    return tekst if isinstance(tekst, bytes) else tekst.encode()


def valideer(naam: str, xml: bytes) -> list[str]:
    """Every XSD error of a message, as `path: reason` (what the tests assert is empty)."""
    return [f"{_zonder_prefixen(f.path or '/')}: {f.reason}" for f in schema(naam).iter_errors(xml)]


@cache
def codelijst(type_naam: str) -> dict[str, str]:
    """A code list of the basisschema (an enumeration with the documentation of each code), read from
    the official file itself, e.g. `codelijst("LDT_ZzpCode")["754"]` starts with "5VV"."""
    xs = "{http://www.w3.org/2001/XMLSchema}"
    wortel = ElementTree.parse(XSD_MAP / "Basisschema.xsd").getroot()
    for simpel in wortel.iterfind(f"{xs}simpleType"):
        if simpel.get("name") == type_naam:
            uit: dict[str, str] = {}
            for enum in simpel.iterfind(f"{xs}restriction/{xs}enumeration"):
                doc = enum.find(f"{xs}annotation/{xs}documentation")
                uit[str(enum.get("value"))] = " ".join((doc.text or "").split()) if doc is not None else ""
            return uit
    raise KeyError(type_naam)
