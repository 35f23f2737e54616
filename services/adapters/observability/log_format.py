"""Log lines of `wlz serve`: JSON (python-json-logger) or plain text, never colour codes.

`WLZ_LOG_FORMAT=json` (the image's default) writes one JSON object per line with time, level, logger and
message, plus the trace and span id when a span is current, so a log line can be found from its trace.
Uvicorn's own loggers are routed through the same handler (its default formatter colours when it sees a
terminal).
"""

from __future__ import annotations

import logging
import sys
from typing import Literal

from opentelemetry import trace
from pythonjsonlogger.json import JsonFormatter

Formaat = Literal["json", "text"]


class _SpoorFilter(logging.Filter):
    """Adds the current trace and span id to a record (empty outside a span); drops colour copies."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.__dict__.pop("color_message", None)  # uvicorn's coloured copy of the message
        context = trace.get_current_span().get_span_context()
        record.trace_id = format(context.trace_id, "032x") if context.is_valid else ""
        record.span_id = format(context.span_id, "016x") if context.is_valid else ""
        return True


def richt_in(formaat: Formaat, niveau: int = logging.INFO) -> logging.Handler:
    """Replaces the root logger's handlers with one on stderr in `formaat`; returns it."""
    handler = logging.StreamHandler(sys.stderr)
    if formaat == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(trace_id)s %(span_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                timestamp=False,
            )
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(_SpoorFilter())
    root = logging.getLogger()
    for oud in list(root.handlers):
        if isinstance(oud, logging.StreamHandler) and getattr(oud, "stream", None) in (sys.stderr, sys.stdout):
            root.removeHandler(oud)
    root.addHandler(handler)
    root.setLevel(niveau)
    for naam in ("uvicorn", "uvicorn.error", "uvicorn.access", "faststream"):
        logger = logging.getLogger(naam)
        logger.handlers.clear()
        logger.propagate = True
    return handler
