"""The HTTP API mounted in FastStream's ASGI app: FastStream routes by exact path (/health), so requests
under /api go to the FastAPI app and everything else - the lifespan that starts the broker included - to
FastStream."""

from __future__ import annotations

from typing import Any

from faststream.asgi import AsgiFastStream

PREFIX = "/api"


class AsgiMetApi(AsgiFastStream):
    def __init__(self, *args: Any, api: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.api = api

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        pad = scope.get("path", "")
        if scope["type"] == "http" and (pad == PREFIX or pad.startswith(PREFIX + "/")):
            await self.api(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
