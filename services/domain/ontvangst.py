"""That an inbound message with a given event_id was accepted: event ids are unique over all cases.

A case remembers the event ids it handled, so a redelivered message changes nothing. But a sender that
reuses an event_id for another person would otherwise be accepted twice, and decisions, CAK and SVB
records derived from that id would carry identical ids for two people. So every accepted inbound message
also creates an `Ontvangst` whose id is derived from its event_id, in the same transaction as the case's
events: the store's unique key on (originator id, version) then refuses a second one, whoever writes it.
"""

from __future__ import annotations

from functools import lru_cache
from uuid import NAMESPACE_URL, UUID

from eventsourcing.domain import Aggregate

from services.domain.ids import uuid5

ONTVANGST = uuid5(NAMESPACE_URL, "wlz:ontvangst")


# asked three times per message of a batch (the batch's query, the check, the Ontvangst), so a few batches'
# worth suffices: at 65.536 the cache held 47.000 ids and their keys after a minute at 500 events/s, which
# the garbage collector scanned at every full collection (bench/ingest.py, gc counts added for a run)
@lru_cache(maxsize=4096)
def ontvangst_id(event_id: UUID) -> UUID:
    return uuid5(ONTVANGST, str(event_id))


class Ontvangst(Aggregate):
    def __init__(self, event_id: UUID, case_id: UUID) -> None:
        self.case_id = case_id

    @classmethod
    def create_id(cls, event_id: UUID, case_id: UUID) -> UUID:
        return ontvangst_id(event_id)
