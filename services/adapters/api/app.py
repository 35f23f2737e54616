"""The HTTP API (FastAPI), mounted under /api in the ASGI app `wlz serve` runs (services/adapters/kafka/app.py).

Every request needs a bearer token (services/adapters/api/oidc.py); role and region come from its claims.
Answers, chosen so that nothing tells whether a person is a client:
  401  no token, or one that is invalid, expired or wrongly signed (the attempt is logged);
  403  the token's role lacks the right for this route: decided before anything is looked up;
  404  "geen case die u mag lezen": the case does not exist, OR it is of a region the caller may not see;
  422  a request that breaks the rules, naming the field and the rule, never the value.
Every request - allowed or not - writes one entry to the NEN 7513 access log (services/adapters/toegangslog.py):
who, which person (case id, never the BSN), which data and the route as context. A BSN is only ever
accepted in a request body (POST /api/cases/zoeken), never in a URL, so it does not end up in access logs
of proxies and servers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Annotated, Any, cast
from uuid import UUID

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, field_validator

from events.bsn import elfproef
from events.regios import ZORGKANTOORREGIOS
from projections.store import LedgerStore
from services.adapters.api.oidc import Gebruiker, TokenControle, TokenOngeldig
from services.adapters.toegangslog import Actie, Toegangslog, Uitkomst
from services.application import WlzService
from services.toegang import Recht, Toegang

NIET_GEVONDEN = "geen case die u mag lezen"
bearer = HTTPBearer(auto_error=False, description="OAuth2/OIDC access token (JWT) of the zorgkantoor's identity provider")


@dataclass
class Bronnen:
    """What the API reads: the application service, the ledger store (None until it is open) and the
    access log it writes."""

    service: WlzService
    opslag: Callable[[], LedgerStore | None]
    toegangslog: Toegangslog


class BsnVraag(BaseModel):
    """A case by BSN: the BSN travels in the body, never in the URL."""

    bsn: str = Field(description="burgerservicenummer (9 digits, elfproef)")

    @field_validator("bsn")
    @classmethod
    def geldig(cls, waarde: str) -> str:
        if not elfproef(waarde):
            raise ValueError("geen geldig BSN (9 cijfers en de elfproef)")
        return waarde


class Aanvrager:
    """The authenticated caller of one request, with the access-log writer bound to the route."""

    def __init__(self, bronnen: Bronnen, gebruiker: Gebruiker, route: str) -> None:
        self.bronnen, self.gebruiker, self.route = bronnen, gebruiker, route

    async def log(self, actie: Actie, gegevens: str, uitkomst: Uitkomst, persoon: UUID | str | None = None) -> None:
        g = self.gebruiker
        await asyncio.to_thread(
            self.bronnen.toegangslog.schrijf,
            wie=g.wie,
            rol=g.rol,
            regio=g.regio,
            actie=actie,
            persoon=None if persoon is None else str(persoon),
            gegevens=gegevens,
            doel=self.route,
            uitkomst=uitkomst,
        )

    async def vereis(self, recht: Recht, gegevens: str, persoon: UUID | None = None) -> Toegang:
        """403 unless the token's role has this right; checked before anything is looked up."""
        toegang = self.gebruiker.toegang
        if toegang is None or not toegang.mag(recht):
            await self.log(Actie.LEZEN, gegevens, Uitkomst.GEWEIGERD, persoon)
            raise HTTPException(403, f"geen toegang: deze rol mag geen {recht.value}")
        return toegang


def _route(request: Request) -> str:
    route = request.scope.get("route")
    return f"http {request.method} {getattr(route, 'path', request.url.path)}"


async def aanvrager(request: Request, token: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Aanvrager:
    """Every route's first step: the caller from the bearer token, or 401 with the attempt logged."""
    bronnen: Bronnen = request.app.state.bronnen
    controle: TokenControle = request.app.state.controle
    route = _route(request)
    try:
        gebruiker = await asyncio.to_thread(controle.gebruiker, token.credentials if token else None)
    except TokenOngeldig as fout:
        persoon = request.path_params.get("case_id")
        await asyncio.to_thread(
            bronnen.toegangslog.schrijf,
            wie="onbekend",
            rol="",
            regio=None,
            actie=Actie.AUTHENTICATIE,
            persoon=str(persoon) if persoon else None,
            gegevens=fout.reden.value,
            doel=route,
            uitkomst=Uitkomst.ONGELDIG_TOKEN,
        )
        raise HTTPException(401, "niet geauthenticeerd", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}) from None
    return Aanvrager(bronnen, gebruiker, route)


Wie = Annotated[Aanvrager, Depends(aanvrager)]


def maak_api(bronnen: Bronnen, controle: TokenControle) -> FastAPI:
    api = FastAPI(
        title="Wlz case management",
        version="1",
        summary="Cases, budget and plafond ledgers, audits, dead letters and the access log of the Wlz service",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    api.state.bronnen = bronnen
    api.state.controle = controle

    @api.exception_handler(RequestValidationError)
    async def ongeldig(request: Request, fout: RequestValidationError) -> JSONResponse:
        """Field and rule only: FastAPI's default answer echoes the input, which may be a BSN."""
        fouten = [{"veld": ".".join(str(d) for d in e.get("loc", ())), "regel": e.get("msg", "")} for e in fout.errors()]
        return JSONResponse({"detail": fouten}, status_code=422)


    async def opslag() -> LedgerStore:
        gevonden = bronnen.opslag()
        if gevonden is None:
            raise HTTPException(503, "de ledgers zijn nog niet beschikbaar")
        return gevonden

    async def lees_case(wie: Aanvrager, case_id: UUID, gegevens: str, recht: Recht) -> tuple[Toegang, str | None]:
        """The role's right first (403), then the case: absent and out of region answer alike (404)."""
        toegang = await wie.vereis(recht, gegevens, case_id)
        toestand = await asyncio.to_thread(bronnen.service.toestand, case_id)
        regio = toestand.indicatie.regio if toestand is not None and toestand.indicatie is not None else None
        if toestand is None or not toegang.ziet_regio(regio):
            await wie.log(Actie.LEZEN, gegevens, Uitkomst.NIET_GEVONDEN, case_id)
            raise HTTPException(404, NIET_GEVONDEN)
        await wie.log(Actie.LEZEN, gegevens, Uitkomst.TOEGESTAAN, case_id)
        return toegang, regio

    async def case_antwoord(wie: Aanvrager, case_id: UUID) -> dict[str, Any]:
        toegang, regio = await lees_case(wie, case_id, "case", Recht.CASE)
        historie = await asyncio.to_thread(bronnen.service.historie, case_id)
        events = [z for e in historie if (z := toegang.zichtbaar(e.model_dump(mode="json"))) is not None]
        return {"case_id": str(case_id), "regio": regio, "events": events}

    @api.get("/api/cases/{case_id}", tags=["cases"], summary="A case and its events, as far as the role may see them")
    async def case(case_id: UUID, wie: Wie) -> dict[str, Any]:
        """Roles: auditor, zorgkantoor (own region), cak (indications and care periods), svb (budgets)."""
        return await case_antwoord(wie, case_id)

    @api.post("/api/cases/zoeken", tags=["cases"], summary="A case by BSN (the BSN in the body, never in the URL)")
    async def case_bij_bsn(vraag: BsnVraag, wie: Wie) -> dict[str, Any]:
        """Roles: as GET /api/cases/{case_id}. The answer for a BSN that is not a client is the same 404 as
        for a client of another region."""
        return await case_antwoord(wie, bronnen.service.case_id(vraag.bsn))

    @api.get("/api/cases/{case_id}/budget", tags=["cases"], summary="A client's budget ledger and its mutations")
    async def budget(case_id: UUID, wie: Wie) -> dict[str, Any]:
        """Roles: auditor, zorgkantoor (own region), svb."""
        await lees_case(wie, case_id, "budget", Recht.BUDGET)
        ledgers = await opslag()
        return {
            "case_id": str(case_id),
            "budgetten": [asdict(r) for r in await ledgers.budgetten(str(case_id))],
            "mutaties": [asdict(m) for m in await ledgers.mutaties(str(case_id))],
        }

    @api.get("/api/cases/{case_id}/audit", tags=["cases"], summary="The case as recorded up to a date, every decision recomputed")
    async def audit(case_id: UUID, as_of: date, wie: Wie) -> dict[str, Any]:
        """Roles: auditor, zorgkantoor (own region)."""
        from projections.audit import audit as maak_audit

        await lees_case(wie, case_id, "audit", Recht.AUDIT)
        rapport = await asyncio.to_thread(maak_audit, bronnen.service, case_id, as_of)
        return {
            "case_id": str(case_id),
            "as_of": as_of.isoformat(),
            "events": len(rapport.events),
            "besluiten_herberekend": rapport.besluiten_herberekend,
            "verschillen": rapport.verschillen,
            "in_orde": rapport.in_orde,
            "budgetten": [asdict(r) for r in rapport.budgetten],
        }

    @api.get("/api/regios/{regio}/cases", tags=["ledgers"], summary="The cases of a region with their budget per year")
    async def zoek_in_regio(regio: str, wie: Wie, jaar: int | None = None) -> dict[str, Any]:
        """Roles: auditor, zorgkantoor (own region). Case ids only: no BSN."""
        toegang = await wie.vereis(Recht.ZOEKEN, "zoeken")
        if regio not in ZORGKANTOORREGIOS:
            raise HTTPException(404, "onbekende zorgkantoorregio")
        if not toegang.ziet_regio(regio):
            await wie.log(Actie.LEZEN, "zoeken", Uitkomst.GEWEIGERD)
            raise HTTPException(403, "geen toegang: alleen de eigen regio")
        await wie.log(Actie.LEZEN, f"zoeken {regio}", Uitkomst.TOEGESTAAN)
        rijen = await (await opslag()).budgetten()
        return {
            "regio": regio,
            "cases": [
                {"case_id": r.case_id, "jaar": r.jaar, "leveringsvormen": r.leveringsvormen, "totaal": r.totaal, "pgb_deel": r.pgb_deel}
                for r in rijen
                if r.regio == regio and jaar in (None, r.jaar)
            ],
        }

    @api.get("/api/plafonds/{jaar}", tags=["ledgers"], summary="The regional PGB plafond ledger of a year (art. 8.8/8.10/8.12)")
    async def plafonds(jaar: int, wie: Wie, regio: str | None = None) -> list[dict[str, Any]]:
        """Roles: auditor, rapportage, zorgkantoor (own region only; the default)."""
        from projections.ledger import nieuwe_plafondregel

        toegang = await wie.vereis(Recht.PLAFONDLEDGER, "plafondledger")
        regio = regio if regio is not None or toegang.regio is None else toegang.regio
        if regio is not None and not toegang.ziet_regio(regio):
            await wie.log(Actie.LEZEN, "plafondledger", Uitkomst.GEWEIGERD)
            raise HTTPException(403, "geen toegang: alleen de eigen regio")
        await wie.log(Actie.LEZEN, "plafondledger", Uitkomst.TOEGESTAAN)
        bekend = {r.regio: r for r in await (await opslag()).plafonds(jaar)}
        return [
            {
                "regio": r.regio,
                "jaar": r.jaar,
                "artikel": r.artikel,
                "plafond": r.plafond,
                "onzeker": r.onzeker,
                "toegekend_pgb": r.toegekend_pgb,
                "ruimte": r.ruimte,
                "percentage": None if r.percentage is None else str(r.percentage),
            }
            for r in (bekend.get(n) or nieuwe_plafondregel(n, jaar) for n in ZORGKANTOORREGIOS if regio in (None, n))
        ]

    @api.get("/api/dlq", tags=["beheer"], summary="The dead letters, counted per source topic, kind, field and rule")
    async def dlq(wie: Wie) -> dict[str, Any]:
        """Roles: auditor, beheerder. Counts only: never a message's content."""
        from services.adapters.api.dlq import samenvatting

        await wie.vereis(Recht.DLQ, "dlq")
        await wie.log(Actie.LEZEN, "dlq", Uitkomst.TOEGESTAAN)
        groepen = await asyncio.to_thread(samenvatting, bronnen.service)
        return {"totaal": sum(g["aantal"] for g in groepen), "groepen": groepen}

    @api.get("/api/toegangslog", tags=["toegangslog"], summary="Entries of the NEN 7513 access log")
    async def toegangslog(
        wie: Wie,
        persoon: UUID | None = None,
        gebruiker: str | None = None,
        van: date | None = None,
        tot: date | None = None,
        limiet: int = 1000,
    ) -> list[dict[str, Any]]:
        """Role: auditor. Filter by person (case id), user (`sub`) and period."""
        await wie.vereis(Recht.TOEGANGSLOG, "toegangslog", persoon)
        await wie.log(Actie.LEZEN, "toegangslog", Uitkomst.TOEGESTAAN, persoon)
        regels = await asyncio.to_thread(
            bronnen.toegangslog.regels,
            persoon=None if persoon is None else str(persoon),
            wie=gebruiker,
            van=None if van is None else van.isoformat(),
            tot=None if tot is None else tot.isoformat(),
            limiet=max(1, min(limiet, 10_000)),
        )
        return [asdict(r) for r in regels]

    @api.get("/api/toegangslog/verificatie", tags=["toegangslog"], summary="Check the access log's hash chain from the first entry")
    async def verificatie(wie: Wie) -> dict[str, Any]:
        """Role: auditor. `in_orde` false names each broken entry."""
        await wie.vereis(Recht.TOEGANGSLOG, "toegangslog")
        await wie.log(Actie.LEZEN, "toegangslog-verificatie", Uitkomst.TOEGESTAAN)
        aantal, laatste, problemen = await asyncio.to_thread(bronnen.toegangslog.verifieer)
        return {"regels": aantal, "laatste_hash": laatste, "in_orde": not problemen, "problemen": problemen}

    return api


def openapi_document() -> dict[str, Any]:
    """The API's OpenAPI document, as published in events/contract/openapi.json (`wlz contract`)."""
    return maak_api(cast(Bronnen, None), cast(TokenControle, None)).openapi()
