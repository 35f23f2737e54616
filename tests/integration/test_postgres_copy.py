"""Appends on PostgreSQL by binary COPY (services/adapters/store/postgres.py): the recorder still returns
the notification ids of what it stored, in order and consecutive, and still refuses a second write of
the same aggregate version (optimistic concurrency), leaving nothing of the refused transaction."""

from __future__ import annotations

from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent, Tracking

from tests.integration.conftest import Omgeving

pytestmark = pytest.mark.integration


def test_copy_geeft_opeenvolgende_notificatie_ids_en_weigert_een_dubbele_versie(omgeving: Omgeving) -> None:
    recorder = omgeving.service().process_recorder
    eerste, tweede = uuid4(), uuid4()
    voor = recorder.max_notification_id() or 0
    events = [StoredEvent(eerste, 1, "t", b"a"), StoredEvent(eerste, 2, "t", b"b"), StoredEvent(tweede, 1, "t", b"c")]
    ids = recorder.insert_events(events, tracking=Tracking("test:copy", 1))
    assert ids is not None and list(ids) == list(range(ids[0], ids[0] + 3)) and ids[0] > voor
    assert [n.state for n in recorder.select_notifications(ids[0], 3)] == [b"a", b"b", b"c"]
    assert recorder.max_tracking_id("test:copy") == 1

    with pytest.raises(IntegrityError):  # version 2 of the first aggregate exists
        recorder.insert_events([StoredEvent(tweede, 2, "t", b"d"), StoredEvent(eerste, 2, "t", b"e")], tracking=Tracking("test:copy", 2))
    assert recorder.max_tracking_id("test:copy") == 1  # the refused transaction left nothing
    assert [e.state for e in recorder.select_events(tweede)] == [b"c"]
