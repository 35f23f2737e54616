"""That an inbound message with a given event_id was accepted: event ids are unique over all cases.

A case remembers the event ids it handled, so a redelivered message changes nothing. But a sender that
reuses an event_id for another person would otherwise be accepted twice, and decisions, CAK and SVB
records derived from that id would carry identical ids for two people. So every accepted inbound message
also creates an `Ontvangst` whose id is derived from its event_id, in the same transaction as the case's
events: the store's unique key on (originator id, version) then refuses a second one, whoever writes it.
"""

from __future__ import annotations

from functools import lru_cache
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

ONTVANGST = uuid5(NAMESPACE_URL, "wlz:ontvangst")


@lru_cache(maxsize=1 << 16)  # asked three times per message (the batch's query, the check, the Ontvangst)
def ontvangst_id(event_id: UUID) -> UUID:
    return uuid5(ONTVANGST, str(event_id))


class Ontvangst(Aggregate):
    def __init__(self, event_id: UUID, case_id: UUID) -> None:
        self.case_id = case_id

    @classmethod
    def create_id(cls, event_id: UUID, case_id: UUID) -> UUID:
        return ontvangst_id(event_id)
