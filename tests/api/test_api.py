"""The HTTP API: every endpoint against every role, tokens that must be refused, answers that must not
tell whether a BSN is a client, and the NEN 7513 access log of all of it, verified end to end.

The tests are their own identity provider (tests/oidc.py): an RSA key pair, a JWKS file, signed tokens.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import jwt
import pytest
from fastapi.testclient import TestClient

from projections.runner import ProjectionRunner
from projections.store import SqliteLedgerStore
from services import bootstrap
from services.adapters.api.app import NIET_GEVONDEN, Bronnen, maak_api
from services.adapters.api.oidc import OidcSettings, TokenControle
from services.adapters.ingest import ingest
from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.adapters.toegangslog import SqliteToegangslog
from services.application import Rejection, WlzService
from services.demo import SCENARIO
from services.settings import Settings
from tests.oidc import AUDIENCE, ISSUER, Idp, sleutelpaar

C_BSN = "192285142"  # demo client C: 8VV in Rotterdam
GEEN_CLIENT = "111222333"  # passes the elfproef, not in the demo


@dataclass
class Wereld:
    client: TestClient
    idp: Idp
    service: WlzService
    log: SqliteToegangslog
    data_dir: Path
    c: UUID  # client C's case id


@pytest.fixture(scope="module")
def wereld(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wereld]:
    map = tmp_path_factory.mktemp("api")
    settings = Settings(data_dir=map / "store")
    service = bootstrap.service(settings)
    with SCENARIO.open(encoding="utf-8") as invoer:
        ingest(service, invoer, afwijzingen=None)
    # one dead letter, for the summary
    kapot = (Ontvangen(Bronpositie("wlz.indicaties", 0, 0), RuwBericht(b"k", b"{kapot", ())), Rejection("json", "(bericht)", "geen JSON"))
    service.verwerk_reeks([kapot])

    async def bij() -> None:
        opslag = SqliteLedgerStore(settings.data_dir / "projecties.sqlite")
        await opslag.maak()
        await ProjectionRunner(service, opslag, drempels=settings.drempels).bij()
        await opslag.sluit()

    asyncio.run(bij())
    idp = Idp.maak(map)
    opslag = SqliteLedgerStore(settings.data_dir / "projecties.sqlite")
    log = SqliteToegangslog(settings.data_dir / "toegangslog.sqlite")
    controle = TokenControle(OidcSettings(issuer=ISSUER, audience=AUDIENCE, jwks_file=idp.jwks_pad))
    api = maak_api(Bronnen(service, lambda: opslag, log), controle)
    with TestClient(api) as client:
        yield Wereld(client, idp, service, log, settings.data_dir, service.case_id(C_BSN))
    service.close()


ROLLEN: dict[str, tuple[str | None, str | None]] = {
    "auditor": ("auditor", None),
    "zorgkantoor-Rotterdam": ("zorgkantoor", "Rotterdam"),
    "zorgkantoor-Utrecht": ("zorgkantoor", "Utrecht"),
    "cak": ("cak", None),
    "svb": ("svb", None),
    "rapportage": ("rapportage", None),
    "beheerder": ("beheerder", None),
    "geen-rol": (None, None),
    "onbekende-rol": ("directeur", None),
}

# endpoint -> the roles answered 200; 404 for a case of another region, 403 for everyone else
ENDPOINTS: dict[str, tuple[str, str, set[str]]] = {
    "case": ("GET", "/api/cases/{c}", {"auditor", "zorgkantoor-Rotterdam", "cak", "svb"}),
    "case-bij-bsn": ("POST", "/api/cases/zoeken", {"auditor", "zorgkantoor-Rotterdam", "cak", "svb"}),
    "budget": ("GET", "/api/cases/{c}/budget", {"auditor", "zorgkantoor-Rotterdam", "svb"}),
    "audit": ("GET", "/api/cases/{c}/audit?as_of=2099-12-31", {"auditor", "zorgkantoor-Rotterdam"}),
    "zoeken": ("GET", "/api/regios/Rotterdam/cases", {"auditor", "zorgkantoor-Rotterdam"}),
    "plafonds": ("GET", "/api/plafonds/2020", {"auditor", "zorgkantoor-Rotterdam", "zorgkantoor-Utrecht", "rapportage"}),
    "dlq": ("GET", "/api/dlq", {"auditor", "beheerder"}),
    "toegangslog": ("GET", "/api/toegangslog", {"auditor"}),
    "verificatie": ("GET", "/api/toegangslog/verificatie", {"auditor"}),
}
PER_CASE = {"case", "case-bij-bsn", "budget", "audit"}


def vraag(w: Wereld, endpoint: str, token: str | None, bsn: str = C_BSN) -> Any:
    methode, pad, _ = ENDPOINTS[endpoint]
    koppen = {"Authorization": f"Bearer {token}"} if token else {}
    if methode == "POST":
        return w.client.post(pad, json={"bsn": bsn}, headers=koppen)
    return w.client.get(pad.format(c=w.c), headers=koppen)


@pytest.mark.parametrize("rol", list(ROLLEN))
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_endpoint_per_rol(wereld: Wereld, endpoint: str, rol: str) -> None:
    claim, regio = ROLLEN[rol]
    antwoord = vraag(wereld, endpoint, wereld.idp.token(claim, regio, sub=f"test-{rol}"))
    toegestaan = ENDPOINTS[endpoint][2]
    if rol in toegestaan:
        assert antwoord.status_code == 200, antwoord.text
    elif rol == "zorgkantoor-Utrecht" and endpoint in PER_CASE:
        assert antwoord.status_code == 404 and antwoord.json() == {"detail": NIET_GEVONDEN}  # as if there were no such case
    else:
        assert antwoord.status_code == 403, antwoord.text
    if antwoord.status_code != 200 or rol == "rapportage":
        assert C_BSN not in antwoord.text and str(wereld.c) not in antwoord.text
    laatste = wereld.log.regels(wie=f"test-{rol}")[-1]
    assert laatste.uitkomst == {200: "toegestaan", 403: "geweigerd", 404: "niet-gevonden"}[antwoord.status_code]
    if endpoint in PER_CASE:
        assert laatste.persoon == str(wereld.c)  # the pseudonymised case id, never the BSN


def test_wat_elke_rol_van_een_case_ziet(wereld: Wereld) -> None:
    def soorten(rol: str) -> set[str]:
        antwoord = vraag(wereld, "case", wereld.idp.token(*ROLLEN[rol]))
        return {e["event_type"] for e in antwoord.json()["events"]}

    assert soorten("cak") <= {"IndicatieOntvangen", "IndicatieBeeindigd", "LeveringsvormToegekend", "LeveringsvormBeeindigd"}
    assert "BudgetVastgesteld" in soorten("svb") and "MeerzorgGestart" not in soorten("svb")
    assert "MeerzorgGestart" in soorten("auditor")


def test_zoeken_en_plafonds_alleen_eigen_regio(wereld: Wereld) -> None:
    rotterdam = wereld.idp.token("zorgkantoor", "Rotterdam")
    cases = wereld.client.get("/api/regios/Rotterdam/cases", headers={"Authorization": f"Bearer {rotterdam}"}).json()["cases"]
    assert str(wereld.c) in {c["case_id"] for c in cases} and C_BSN not in json.dumps(cases)
    plafonds = wereld.client.get("/api/plafonds/2020", headers={"Authorization": f"Bearer {rotterdam}"}).json()
    assert {p["regio"] for p in plafonds} == {"Rotterdam"}
    zeeland = wereld.client.get("/api/plafonds/2020?regio=Zeeland", headers={"Authorization": f"Bearer {rotterdam}"})
    assert zeeland.status_code == 403
    alles = wereld.client.get("/api/plafonds/2020", headers={"Authorization": f"Bearer {wereld.idp.token('rapportage')}"}).json()
    assert len(alles) == 31


def test_dlq_telt_zonder_inhoud(wereld: Wereld) -> None:
    antwoord = wereld.client.get("/api/dlq", headers={"Authorization": f"Bearer {wereld.idp.token('beheerder')}"}).json()
    assert antwoord["totaal"] == 1
    groep = {"bron_topic": "wlz.indicaties", "soort": "json", "veld": "(bericht)", "reden": "geen JSON", "aantal": 1}
    assert antwoord["groepen"] == [groep]


@pytest.mark.parametrize("rol", ["zorgkantoor-Utrecht", "zorgkantoor-Rotterdam", "auditor"])
def test_niet_gevonden_en_niet_toegestaan_zijn_hetzelfde_antwoord(wereld: Wereld, rol: str) -> None:
    """A BSN that is no client, a case id that does not exist and (for Utrecht) client C of Rotterdam:
    one answer, so the API never tells whether a person is a Wlz client."""
    token = wereld.idp.token(*ROLLEN[rol])
    koppen = {"Authorization": f"Bearer {token}"}
    antwoorden = [
        wereld.client.post("/api/cases/zoeken", json={"bsn": GEEN_CLIENT}, headers=koppen),
        wereld.client.get(f"/api/cases/{uuid4()}", headers=koppen),
        wereld.client.get(f"/api/cases/{uuid4()}/budget", headers=koppen),
        wereld.client.get(f"/api/cases/{uuid4()}/audit?as_of=2099-12-31", headers=koppen),
    ]
    if rol == "zorgkantoor-Utrecht":
        antwoorden.append(wereld.client.post("/api/cases/zoeken", json={"bsn": C_BSN}, headers=koppen))
    for antwoord in antwoorden:
        assert (antwoord.status_code, antwoord.json()) == (404, {"detail": NIET_GEVONDEN})
        assert set(antwoord.headers) == set(antwoorden[0].headers)


def test_rol_zonder_recht_wordt_geweigerd_voor_er_iets_wordt_opgezocht(wereld: Wereld) -> None:
    token = wereld.idp.token("rapportage")
    client = wereld.client.post("/api/cases/zoeken", json={"bsn": C_BSN}, headers={"Authorization": f"Bearer {token}"})
    geen = wereld.client.post("/api/cases/zoeken", json={"bsn": GEEN_CLIENT}, headers={"Authorization": f"Bearer {token}"})
    assert (client.status_code, client.json()) == (geen.status_code, geen.json()) == (403, client.json())


def _onleesbaar(w: Wereld) -> dict[str, str]:
    geen_handtekening = {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": int(time.time()) + 60, "wlz_rol": "auditor"}
    andere = sleutelpaar()
    return {
        "verlopen": w.idp.token("auditor", geldig=-600),
        "verkeerd-ondertekend": w.idp.token("auditor", sleutel=andere),
        "andere-issuer": w.idp.token("auditor", issuer="https://kwaadwillend.example"),
        "andere-audience": w.idp.token("auditor", audience="iets-anders"),
        "geen-jwt": "dit-is-geen-token",
        "alg-none": jwt.encode(geen_handtekening, None, "none"),
    }


ONGELDIG = ["ontbreekt", "verlopen", "verkeerd-ondertekend", "andere-issuer", "andere-audience", "geen-jwt", "alg-none"]


@pytest.mark.parametrize("soort", ONGELDIG)
def test_ongeldig_token_geeft_401_en_een_logregel(wereld: Wereld, soort: str) -> None:
    token = None if soort == "ontbreekt" else _onleesbaar(wereld)[soort]
    voor = wereld.log.verifieer()[0]
    for endpoint in ("case", "case-bij-bsn", "toegangslog"):
        antwoord = vraag(wereld, endpoint, token)
        assert antwoord.status_code == 401, antwoord.text
        assert antwoord.json() == {"detail": "niet geauthenticeerd"}
        assert antwoord.headers["www-authenticate"].startswith("Bearer")
        assert C_BSN not in antwoord.text and str(wereld.c) not in antwoord.text
    regels = wereld.log.regels()[voor:]
    assert len(regels) == 3 and {r.uitkomst for r in regels} == {"ongeldig-token"} and {r.wie for r in regels} == {"onbekend"}
    assert regels[0].persoon == str(wereld.c)  # the attempt on client C's case, by case id
    assert all(C_BSN not in json.dumps(r.__repr__()) for r in regels)


def test_ongeldig_bsn_noemt_veld_en_regel_maar_niet_de_waarde(wereld: Wereld) -> None:
    antwoord = vraag(wereld, "case-bij-bsn", wereld.idp.token("auditor"), bsn="123456789")
    assert antwoord.status_code == 422
    assert "123456789" not in antwoord.text and "bsn" in antwoord.text and "elfproef" in antwoord.text


def test_openapi_gepubliceerd_zonder_bsn_in_een_url(wereld: Wereld) -> None:
    document = wereld.client.get("/api/openapi.json").json()
    assert set(document["paths"]) == {
        "/api/cases/{case_id}",
        "/api/cases/zoeken",
        "/api/cases/{case_id}/budget",
        "/api/cases/{case_id}/audit",
        "/api/regios/{regio}/cases",
        "/api/plafonds/{jaar}",
        "/api/dlq",
        "/api/toegangslog",
        "/api/toegangslog/verificatie",
    }
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for pad, methodes in document["paths"].items():
        assert "bsn" not in pad.lower()
        for operatie in methodes.values():
            assert all("bsn" not in p["name"].lower() for p in operatie.get("parameters", []))
            assert {"HTTPBearer": []} in operatie["security"]


def test_toegangslog_eind_tot_eind_en_manipulatie_wordt_ontdekt(wereld: Wereld) -> None:
    auditor = {"Authorization": f"Bearer {wereld.idp.token('auditor', sub='auditor-1')}"}
    medewerker = {"Authorization": f"Bearer {wereld.idp.token('zorgkantoor', 'Rotterdam', sub='medewerker-7')}"}
    assert wereld.client.post("/api/cases/zoeken", json={"bsn": C_BSN}, headers=medewerker).status_code == 200
    regels = wereld.client.get(f"/api/toegangslog?persoon={wereld.c}&gebruiker=medewerker-7", headers=auditor).json()
    laatste = regels[-1]
    assert (laatste["wie"], laatste["rol"], laatste["regio"], laatste["actie"], laatste["gegevens"], laatste["uitkomst"]) == (
        "medewerker-7",
        "zorgkantoor",
        "Rotterdam",
        "lezen",
        "case",
        "toegestaan",
    )
    assert laatste["doel"] == "http POST /api/cases/zoeken" and laatste["persoon"] == str(wereld.c)
    goed = wereld.client.get("/api/toegangslog/verificatie", headers=auditor).json()
    assert goed["in_orde"] and goed["regels"] > 10
    assert C_BSN not in (wereld.data_dir / "toegangslog.sqlite").read_bytes().decode(errors="replace")

    # the database refuses a change; someone who drops the trigger first is caught by the chain
    con = sqlite3.connect(wereld.data_dir / "toegangslog.sqlite")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE toegangslog SET wie = 'iemand-anders' WHERE volgnummer = 3")
    con.execute("DROP TRIGGER toegangslog_geen_update")
    con.execute("UPDATE toegangslog SET wie = 'iemand-anders' WHERE volgnummer = 3")
    con.commit()
    con.close()
    fout = wereld.client.get("/api/toegangslog/verificatie", headers=auditor).json()
    assert not fout["in_orde"] and fout["problemen"] == ["regel 3: inhoud past niet bij de hash (gewijzigd)"]


def test_gepubliceerde_openapi_is_actueel() -> None:
    """events/contract/openapi.json is what consumers build against: equal to the running API's document."""
    from events.compatibility import CONTRACT
    from services.adapters.api.app import openapi_document

    assert json.loads((CONTRACT / "openapi.json").read_text(encoding="utf-8")) == json.loads(json.dumps(openapi_document()))
