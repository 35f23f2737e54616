"""The HTTP API of the service: FastAPI with OIDC bearer tokens, every access in the NEN 7513 access log."""
