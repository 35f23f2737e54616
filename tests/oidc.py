"""A test identity provider: its own RSA key pair, a JWKS file, and tokens with chosen claims."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://idp.test.zorgkantoor.example"
AUDIENCE = "wlz-api"


def sleutelpaar() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Idp:
    sleutel: rsa.RSAPrivateKey
    kid: str
    jwks_pad: Path

    @classmethod
    def maak(cls, map: Path, kid: str = "test-1") -> Idp:
        sleutel = sleutelpaar()
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(sleutel.public_key()))
        jwk |= {"kid": kid, "use": "sig", "alg": "RS256"}
        pad = map / "jwks.json"
        pad.write_text(json.dumps({"keys": [jwk]}))
        return cls(sleutel, kid, pad)

    def env(self) -> dict[str, str]:
        return {"WLZ_OIDC_ISSUER": ISSUER, "WLZ_OIDC_AUDIENCE": AUDIENCE, "WLZ_OIDC_JWKS_FILE": str(self.jwks_pad)}

    def token(
        self,
        rol: str | None,
        regio: str | None = None,
        *,
        sub: str = "medewerker-1",
        geldig: int = 300,
        issuer: str = ISSUER,
        audience: str = AUDIENCE,
        sleutel: rsa.RSAPrivateKey | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        nu = int(time.time())
        claims: dict[str, Any] = {"iss": issuer, "aud": audience, "sub": sub, "iat": nu, "exp": nu + geldig, **(extra or {})}
        if rol is not None:
            claims["wlz_rol"] = rol
        if regio is not None:
            claims["wlz_regio"] = regio
        return jwt.encode(claims, sleutel or self.sleutel, algorithm="RS256", headers={"kid": self.kid})
