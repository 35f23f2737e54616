"""Several sources' positions in one store transaction: the keyword the application hands them to the
store under (the library's `insert_events` takes one `tracking`; services/adapters/store/common.py takes
the others from here)."""

from __future__ import annotations

from eventsourcing.persistence import Tracking

MEER_TRACKING = "meer_tracking"


def meer_tracking(trackings: list[Tracking]) -> dict[str, list[Tracking]]:
    """The keyword arguments of `insert_events` for the positions after the first."""
    return {MEER_TRACKING: trackings}
