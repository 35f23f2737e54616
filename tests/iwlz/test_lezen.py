"""Reading iWlz messages: well-formed, known type and release, valid against the official XSD; IO31 to
IndicatieOntvangen field by field; a refused message names its id, the element path and the rule."""

from __future__ import annotations

from datetime import date

import pytest

from services.adapters.iwlz.codes import regio_van, zorgprofiel_van, zzp_code_van
from services.adapters.iwlz.io31 import indicaties
from services.adapters.iwlz.retour import retour_op_header, retourbericht
from services.adapters.iwlz.schemas import IwlzError, codelijst, lees, schrijf, valideer
from tests.iwlz.voorbeelden import BSN, BSN_FOUT, io31, io31_data, met


def test_io31_wordt_indicatie_ontvangen_veld_voor_veld() -> None:
    [indicatie] = indicaties(lees(io31()))
    p = indicatie.payload
    assert (p.bsn, p.indicatiebesluit_id, p.zorgprofiel, p.regio) == (BSN, "123456", "5VV", "Utrecht")
    assert (p.geboortedatum, p.ingangsdatum, p.einddatum, p.grondslag) == (date(1940, 5, 1), date(2020, 3, 1), None, "02")
    assert indicatie.occurred_at.date() == date(2020, 2, 25)  # the Dagtekening


def test_zelfde_bericht_geeft_zelfde_event_id() -> None:
    assert indicaties(lees(io31()))[0].event_id == indicaties(lees(io31()))[0].event_id


def test_zzp_codes_zijn_numeriek_zoals_de_basisschema() -> None:
    assert zorgprofiel_van("754") == "5VV"
    assert zzp_code_van("5VV") == "754"
    assert zorgprofiel_van("191") == "9BVV"
    assert codelijst("LDT_ZzpCode")["754"].startswith("5VV")


def test_zorgkantoorcode_naar_regio_uit_de_tabel() -> None:
    assert regio_van("5509") == "Utrecht"
    assert regio_van("5512") == "Noord-Holland Noord"  # "Noord Holland Noord" in the basisschema


def test_zorgkantoorcode_zonder_bron_wordt_geweigerd_niet_geraden() -> None:
    with pytest.raises(IwlzError) as fout:
        indicaties(lees(io31(ontvanger="5519")))
    assert fout.value.pad == "/Bericht/Header/Ontvanger"
    assert "5519" in fout.value.regel and "Delft Westland Oostland" in fout.value.regel


def test_zzp_zonder_zorgprofiel_wordt_geweigerd() -> None:
    with pytest.raises(IwlzError) as fout:
        indicaties(lees(io31(zzp="760")))  # 1GGZ C: no profile of Bijlage H 2020
    assert fout.value.pad.endswith("GeindiceerdZorgzwaartepakket")
    assert "760" in fout.value.regel


def test_bsn_zonder_elfproef_noemt_bericht_pad_en_regel_niet_de_waarde() -> None:
    with pytest.raises(IwlzError) as fout:
        indicaties(lees(io31(bsn=BSN_FOUT)))
    assert fout.value.bericht_id == "IO31-0001"
    assert fout.value.pad == "/Bericht/Clienten/Client[1]/Bsn"
    assert "CS002" in fout.value.regel and fout.value.retourcode == "S002"
    assert BSN_FOUT not in str(fout.value)


def test_niet_goedgevormd() -> None:
    with pytest.raises(IwlzError) as fout:
        lees(b"<Bericht><Header>")
    assert fout.value.soort == "xml" and "goedgevormde" in fout.value.regel


def test_entiteiten_worden_niet_uitgevouwen() -> None:
    bom = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxx"><!ENTITY y "&x;&x;&x;&x;">]><a>&y;</a>'
    with pytest.raises(IwlzError) as fout:
        lees(bom)
    assert fout.value.soort == "xml"


def test_onbekend_berichttype_en_release() -> None:
    xml = io31()
    with pytest.raises(IwlzError) as fout:
        lees(xml.replace(b"/io31/schema", b"/io99/schema"))
    assert "onbekend berichttype" in fout.value.regel and fout.value.bericht_id == "IO31-0001"
    with pytest.raises(IwlzError) as fout:
        lees(xml.replace(b"iwlz/2_2/", b"iwlz/2_1/"))
    assert "release" in fout.value.regel


def test_bericht_dat_wij_niet_ontvangen() -> None:
    with pytest.raises(IwlzError) as fout:
        lees(io31(), verwacht=frozenset({"AW35"}))
    assert "ontvangt" in fout.value.regel


def test_xsd_fout_noemt_xsd_pad_en_regel() -> None:
    xml = io31().replace(b"<io31:Geslacht>2</io31:Geslacht>", b"<io31:Geslacht>7</io31:Geslacht>")
    with pytest.raises(IwlzError) as fout:
        lees(xml)
    assert fout.value.soort == "xsd"
    assert fout.value.pad == "/Bericht/Clienten/Client/Geslacht"
    assert fout.value.regel.startswith("xsd/IO31.xsd: value must be one of")


def test_volgorde_van_elementen_telt() -> None:
    data = io31_data()
    client = data["Clienten"]["Client"][0]
    client["Leefeenheid"] = client.pop("Leefeenheid")  # moved to the end: out of XSD order
    with pytest.raises(Exception):  # noqa: B017 - the writer refuses rather than write an invalid message
        schrijf("IO31", data)
    xml = io31().replace(b"<io31:Leefeenheid>1</io31:Leefeenheid>", b"")
    with pytest.raises(IwlzError) as fout:
        lees(xml)
    assert "Leefeenheid" in fout.value.regel


def test_xsd_versie_buiten_bereik() -> None:
    data = met(io31_data(), "Header/XsdVersie/BerichtXsdVersie", "2.0.0")
    with pytest.raises(IwlzError) as fout:
        lees(schrijf("IO31", data))
    assert fout.value.pad.endswith("BerichtXsdVersie")


def test_io32_retour_is_xsd_geldig_met_0200() -> None:
    retour = retourbericht(lees(io31()), None, date(2020, 2, 26))
    assert valideer("IO32", retour) == []
    assert retour.count(b"<io32:RetourCode>0200</io32:RetourCode>") >= 3
    assert b"<io32:IdentificatieRetour>IO31-0001</io32:IdentificatieRetour>" in retour


def test_io32_retour_op_geweigerde_client_draagt_de_retourcode() -> None:
    gelezen = lees(io31(bsn=BSN_FOUT))
    with pytest.raises(IwlzError) as fout:
        indicaties(gelezen)
    retour = retourbericht(gelezen, fout.value, date(2020, 2, 26))
    assert valideer("IO32", retour) == []
    assert b"<io32:RetourCode>S002</io32:RetourCode>" in retour


def test_retour_op_xsd_fout_alleen_header_met_0001() -> None:
    xml = io31().replace(b"<io31:Geslacht>2</io31:Geslacht>", b"<io31:Geslacht>7</io31:Geslacht>")
    retour = retour_op_header("IO31", xml, date(2020, 2, 26))
    assert retour is not None and valideer("IO32", retour) == []
    assert b"<io32:RetourCode>0001</io32:RetourCode>" in retour and b"Clienten" not in retour


def test_schrijven_weigert_ongeldig_bericht() -> None:
    with pytest.raises(Exception):  # noqa: B017 - xmlschema's encode error: an invalid message is never written
        schrijf("IO31", met(io31_data(), "Header/Ontvanger", "9999"))
