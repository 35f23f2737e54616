"""Stored Kafka positions against the topic as it is now: a re-created topic is refused, loudly.

The service records, with every batch, the next offset of each partition it consumed (a tracking
position). When a topic is deleted and created again its offsets start at 0, and every new message would
sit at or below the recorded position and be skipped as "already processed" - silently. So when the
consumer is given a partition, the recorded position is compared with the partition's end offset: a
position beyond the end cannot come from this topic. That partition is then refused - paused, not
consumed, not committed - the instance reports not ready naming it, and the log says what to do.

Accepting the reset is an operator's decision (`wlz accepteer-reset TOPIC`): it raises the topic's
generation, stored as a tracking record `kafka-generatie:<topic>`; positions of a generation are kept
under their own tracking name (`kafka:<topic>#<generation>:<partition>`, generation 0 keeps the plain
name), so the new topic is read from its beginning while the old positions stay as history.
"""

from __future__ import annotations

import logging

from eventsourcing.persistence import IntegrityError, ProcessRecorder, Tracking

log = logging.getLogger(__name__)


def tracking_naam(topic: str, partition: int, generatie: int = 0) -> str:
    """The tracking name of a partition's position in a generation of its topic."""
    return f"kafka:{topic}:{partition}" if generatie == 0 else f"kafka:{topic}#{generatie}:{partition}"


def generatie_naam(topic: str) -> str:
    return f"kafka-generatie:{topic}"


def generatie(recorder: ProcessRecorder, topic: str) -> int:
    """The topic's current generation (0 until a reset was accepted)."""
    return recorder.max_tracking_id(generatie_naam(topic)) or 0


def accepteer_reset(recorder: ProcessRecorder, topic: str) -> int:
    """Raises the topic's generation by one (the operator accepts that it was re-created); returns it.
    Two operators at once raise it once: the second insert conflicts and the current value is returned."""
    nieuw = generatie(recorder, topic) + 1
    try:
        recorder.insert_events([], tracking=Tracking(application_name=generatie_naam(topic), notification_id=nieuw))
    except IntegrityError:
        return generatie(recorder, topic)
    log.warning("reset of topic %s accepted: generation %d, read from its beginning", topic, nieuw)
    return nieuw


def vooruit(recorder: ProcessRecorder, topic: str, partition: int, eind_offset: int, gen: int) -> str | None:
    """Why the recorded position of a partition cannot belong to the topic as it is, or None when it can."""
    opgeslagen = recorder.max_tracking_id(tracking_naam(topic, partition, gen)) or 0
    if opgeslagen > eind_offset:
        return (
            f"de opgeslagen positie ({opgeslagen}) ligt voorbij het einde van de partitie ({eind_offset}): "
            f"het topic is opnieuw aangemaakt of ingekort; na controle: wlz accepteer-reset {topic}"
        )
    return None
