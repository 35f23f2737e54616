"""The dead-letter summary: how many inbound messages could not be read, per source topic, kind, field
and rule. Read from the event store (where every dead letter is recorded before it is published), and
never a message's content: the key and value may hold a BSN."""

from __future__ import annotations

from collections import Counter
from typing import Any

from eventsourcing.utils import get_topic

from services.application import WlzService
from services.domain.onleesbaar import OnleesbaarBericht

PAGINA = 1000


def samenvatting(service: WlzService) -> list[dict[str, Any]]:
    onderwerp = get_topic(OnleesbaarBericht.Created)
    tellers: Counter[tuple[str, str, str, str]] = Counter()
    positie = 0
    while True:
        notificaties = service.recorder.select_notifications(positie + 1, PAGINA, topics=[onderwerp])
        for notificatie in notificaties:
            event: Any = service.mapper.to_domain_event(notificatie)
            tellers[(event.bron_topic, event.soort, event.veld, event.reden)] += 1
        if len(notificaties) < PAGINA:
            break
        positie = notificaties[-1].id
    return [
        {"bron_topic": topic, "soort": soort, "veld": veld, "reden": reden, "aantal": aantal}
        for (topic, soort, veld, reden), aantal in sorted(tellers.items())
    ]
