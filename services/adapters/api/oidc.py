"""Bearer tokens of an OAuth2/OIDC provider, checked with PyJWT: signature against the provider's JWKS
(a URL, fetched and cached by PyJWT's JWKS client, or a file), issuer, audience, expiry and subject.

The role and the region come from the token's claims only (`WLZ_OIDC_ROL_CLAIM`, `WLZ_OIDC_REGIO_CLAIM`),
never from a header or parameter the caller chooses. Only asymmetric algorithms are accepted (no `none`,
no HMAC with a public key as secret). Without an issuer, audience and JWKS every token is refused.

WLZ_OIDC_ISSUER        the provider's issuer (`iss`)
WLZ_OIDC_AUDIENCE      this API's audience (`aud`)
WLZ_OIDC_JWKS_URL      the provider's JWKS (https://.../jwks), or
WLZ_OIDC_JWKS_FILE     a JWKS file (keys distributed out of band; tests)
WLZ_OIDC_ALGORITMEN    accepted signature algorithms (default RS256,PS256,ES256)
WLZ_OIDC_ROL_CLAIM     claim with the role (default wlz_rol)
WLZ_OIDC_REGIO_CLAIM   claim with the region of zorgkantoor staff (default wlz_regio)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import jwt
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.toegang import GeenToegang, Rol, Toegang


class OidcSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WLZ_OIDC_", extra="ignore")

    issuer: str | None = None
    audience: str | None = None
    jwks_url: str | None = None
    jwks_file: Path | None = None
    algoritmen: str = "RS256,PS256,ES256"
    rol_claim: str = "wlz_rol"
    regio_claim: str = "wlz_regio"
    speling: int = 30  # seconds of clock skew allowed on exp/nbf/iat

    @property
    def ingesteld(self) -> bool:
        return bool(self.issuer and self.audience and (self.jwks_url or self.jwks_file))


class Reden(StrEnum):
    """Why a token was refused: kept in the access log, never shown to the caller."""

    ONTBREEKT = "geen bearer-token"
    NIET_INGESTELD = "OIDC niet ingesteld"
    VERLOPEN = "verlopen"
    HANDTEKENING = "handtekening of sleutel ongeldig"
    ISSUER = "verkeerde issuer"
    AUDIENCE = "verkeerde audience"
    ONGELDIG = "ongeldig token"


class TokenOngeldig(Exception):
    def __init__(self, reden: Reden) -> None:
        super().__init__(reden.value)
        self.reden = reden


@dataclass(frozen=True, slots=True)
class Gebruiker:
    """An authenticated caller: who (`sub`), and the access the claims give (None: no usable role)."""

    wie: str
    rol: str
    regio: str | None
    toegang: Toegang | None


class TokenControle:
    """Checks a bearer token. Blocking (the JWKS client fetches over HTTP): call it in a thread."""

    def __init__(self, settings: OidcSettings) -> None:
        self.settings = settings
        self.algoritmen = [a.strip() for a in settings.algoritmen.split(",") if a.strip()]
        if any(a.upper().startswith("HS") or a.lower() == "none" for a in self.algoritmen):
            raise ValueError("WLZ_OIDC_ALGORITMEN: alleen asymmetrische algoritmen (RS/PS/ES/EdDSA)")
        self._client = jwt.PyJWKClient(settings.jwks_url, lifespan=300) if settings.jwks_url else None
        self._set = jwt.PyJWKSet.from_json(settings.jwks_file.read_text()) if settings.jwks_file else None

    def _sleutel(self, token: str) -> Any:
        if self._client is not None:
            return self._client.get_signing_key_from_jwt(token).key
        assert self._set is not None
        kid = jwt.get_unverified_header(token).get("kid")
        for sleutel in self._set.keys:
            if kid is None or sleutel.key_id == kid:
                return sleutel.key
        raise jwt.PyJWKError("geen sleutel met dit kid")

    def claims(self, token: str | None) -> dict[str, Any]:
        if not token:
            raise TokenOngeldig(Reden.ONTBREEKT)
        if not self.settings.ingesteld:
            raise TokenOngeldig(Reden.NIET_INGESTELD)
        try:
            return dict(
                jwt.decode(
                    token,
                    self._sleutel(token),
                    algorithms=self.algoritmen,
                    audience=self.settings.audience,
                    issuer=self.settings.issuer,
                    leeway=self.settings.speling,
                    options={"require": ["exp", "iss", "aud", "sub"]},
                )
            )
        except jwt.ExpiredSignatureError:
            raise TokenOngeldig(Reden.VERLOPEN) from None
        except jwt.InvalidIssuerError:
            raise TokenOngeldig(Reden.ISSUER) from None
        except jwt.InvalidAudienceError:
            raise TokenOngeldig(Reden.AUDIENCE) from None
        except (jwt.InvalidSignatureError, jwt.PyJWKError, jwt.PyJWKClientError, jwt.InvalidAlgorithmError):
            raise TokenOngeldig(Reden.HANDTEKENING) from None
        except jwt.InvalidTokenError:
            raise TokenOngeldig(Reden.ONGELDIG) from None

    def gebruiker(self, token: str | None) -> Gebruiker:
        """The caller and the access its claims give; raises TokenOngeldig for any token not accepted."""
        claims = self.claims(token)
        rol = claims.get(self.settings.rol_claim)
        if isinstance(rol, list) and len(rol) == 1:
            rol = rol[0]
        regio = claims.get(self.settings.regio_claim)
        regio = regio if isinstance(regio, str) else None
        toegang: Toegang | None
        try:
            toegang = Toegang(Rol(rol), regio) if isinstance(rol, str) else None
        except (ValueError, GeenToegang):
            toegang = None
        return Gebruiker(str(claims["sub"]), rol if isinstance(rol, str) else "", regio, toegang)
