"""The token check on its own: the JWKS fetched from a URL by PyJWT's JWKS client (a local HTTP server
here), key rotation by kid, and the algorithm confusions a JWT library must not fall for."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from services.adapters.api.oidc import OidcSettings, Reden, TokenControle, TokenOngeldig
from tests.oidc import AUDIENCE, ISSUER, Idp


@pytest.fixture
def idp(tmp_path: Path) -> Idp:
    return Idp.maak(tmp_path)


@pytest.fixture
def jwks_url(idp: Idp) -> Iterator[str]:
    inhoud = idp.jwks_pad.read_bytes()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(inhoud)

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
    draad = threading.Thread(target=server.serve_forever, daemon=True)
    draad.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    finally:
        server.shutdown()


def test_jwks_van_een_url(idp: Idp, jwks_url: str) -> None:
    controle = TokenControle(OidcSettings(issuer=ISSUER, audience=AUDIENCE, jwks_url=jwks_url))
    gebruiker = controle.gebruiker(idp.token("zorgkantoor", "Utrecht", sub="m-1"))
    assert (gebruiker.wie, gebruiker.rol, gebruiker.regio) == ("m-1", "zorgkantoor", "Utrecht")
    assert gebruiker.toegang is not None and gebruiker.toegang.ziet_regio("Utrecht")
    andere = Idp(idp.sleutel, "onbekend-kid", idp.jwks_pad)
    with pytest.raises(TokenOngeldig) as fout:
        controle.gebruiker(andere.token("auditor"))
    assert fout.value.reden is Reden.HANDTEKENING


def test_hmac_met_de_publieke_sleutel_als_geheim_wordt_geweigerd(idp: Idp) -> None:
    """Algorithm confusion: an HS256 token 'signed' with the public key must not pass."""
    controle = TokenControle(OidcSettings(issuer=ISSUER, audience=AUDIENCE, jwks_file=idp.jwks_pad))
    publiek = idp.sleutel.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": int(time.time()) + 60, "wlz_rol": "auditor"}
    # made by hand: PyJWT would not even encode with a PEM key as HMAC secret
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    inhoud = f"{b64(json.dumps({'alg': 'HS256', 'typ': 'JWT', 'kid': idp.kid}).encode())}.{b64(json.dumps(claims).encode())}"
    vervalst = f"{inhoud}.{b64(hmac.new(publiek, inhoud.encode(), hashlib.sha256).digest())}"
    with pytest.raises(TokenOngeldig) as fout:
        controle.gebruiker(vervalst)
    assert fout.value.reden is Reden.HANDTEKENING


def test_alleen_asymmetrische_algoritmen_in_te_stellen(idp: Idp) -> None:
    with pytest.raises(ValueError, match="asymmetrische"):
        TokenControle(OidcSettings(issuer=ISSUER, audience=AUDIENCE, jwks_file=idp.jwks_pad, algoritmen="RS256,HS256"))


def test_zonder_oidc_settings_wordt_elk_token_geweigerd(idp: Idp) -> None:
    with pytest.raises(TokenOngeldig) as fout:
        TokenControle(OidcSettings()).gebruiker(idp.token("auditor"))
    assert fout.value.reden is Reden.NIET_INGESTELD


def test_rol_als_lijst_en_onbekende_rol(idp: Idp) -> None:
    controle = TokenControle(OidcSettings(issuer=ISSUER, audience=AUDIENCE, jwks_file=idp.jwks_pad))
    assert controle.gebruiker(idp.token(None, extra={"wlz_rol": ["svb"]})).toegang is not None
    assert controle.gebruiker(idp.token(None, extra={"wlz_rol": ["svb", "auditor"]})).toegang is None  # ambiguous: no access
    assert controle.gebruiker(idp.token("zorgkantoor")).toegang is None  # staff without a region: no access
    assert json.dumps(controle.gebruiker(idp.token("directeur")).rol) == '"directeur"'
