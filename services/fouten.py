"""Errors the core raises that every caller must tell apart: a bad setting and a thing not found.

The CLI turns them into its exit codes (2 and 4, see services/adapters/cli/fouten.py); the service into
one log line at start. Their texts name the setting or the thing, never a personal value.
"""

from __future__ import annotations


class InstellingFout(ValueError):
    """A setting that cannot work (missing, malformed, or not matching the store): nothing was written."""

    def __init__(self, instelling: str, reden: str) -> None:
        super().__init__(f"{instelling}: {reden}")
        self.instelling = instelling
        self.reden = reden


class NietGevonden(LookupError):
    """What was asked for does not exist (a case, a person)."""
