"""What the SQLite and PostgreSQL stores share: the mapper and the key table it encrypts with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import InfrastructureFactory, JSONTranscoder, Mapper, StoredEvent, Tracking, Transcoder

from services.adapters.store.plafondslot import Processlot
from services.bronnen import MEER_TRACKING
from services.persoonsgegevens import Kluis, PersoonsgegevensMapper


class StoreMapper(PersoonsgegevensMapper):
    """The event store's mapper: personal fields encrypted per person (services/persoonsgegevens.py),
    and the decoded bytes of a stored event for readers that skip events before decoding them."""

    def decoded_state(self, stored: StoredEvent) -> bytes:
        """A stored event's state, decrypted and decompressed (what the transcoder would decode)."""
        staat = stored.state
        if self.cipher:
            staat = self.cipher.decrypt(staat)
        if self.compressor:
            staat = self.compressor.decompress(staat)
        return staat


class SnelleTranscoder(JSONTranscoder):
    """The library's JSON transcoder, encoding with orjson where that gives the same bytes.

    Every stored event is encoded once, and the standard library's encoder was the largest single cost
    of recording one (7 % of deciding a request). orjson writes the same compact UTF-8 JSON; datetimes
    (and anything else orjson is told to pass through) go to the library's transcodings (`default`), so
    they are stored as before. orjson would write a UUID as a plain string where the library writes its
    transcoding, so a UUID at a state's top level (the register's `Toegewezen`, `Ontvangst`) is given the
    library's transcoding first; anything orjson refuses goes to the library's encoder (a non-string key, an integer over 64
    bits, a type without a transcoding, a string with a lone surrogate). Two differences are left, in
    shapes no state has: a UUID below the top level would be a plain string (the `bericht` is contract
    JSON, UUIDs as strings), and a float NaN null (amounts are whole cents). Decoding is the library's.
    tests/store/test_transcoder.py compares every state of a run with the library's bytes.
    """

    OPTIES = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS

    def encode(self, obj: Any) -> bytes:
        if type(obj) is dict:
            if any(type(v) is UUID for v in obj.values()):
                obj = {k: self._encode_obj(v) if type(v) is UUID else v for k, v in obj.items()}  # the library's transcoding
            try:
                return orjson.dumps(obj, default=self._encode_obj, option=self.OPTIES)
            except TypeError:
                pass  # e.g. a key that is not a string: the library's encoder below
        return super().encode(obj)


def meer_posities(kwargs: dict[str, Any], insert_tracking: Callable[[Tracking], None]) -> None:
    """Records, in a backend's `_insert_events`, the positions of the sources after the first.

    A batch from Kafka holds records of many partitions, each a source with its own tracking row. The
    library records one tracking row per transaction; taking the batch in one transaction instead of one
    per partition saves the transaction's fixed cost (some ten round trips) for every partition but one,
    which bounds the latency at low rates. Each row is the library's own upsert, which refuses a position
    that does not move forward, so a concurrent writer of the same source still conflicts. (PostgreSQL
    writes all the rows in one statement of the same kind: postgres.py.)"""
    for tracking in kwargs.get(MEER_TRACKING, ()):
        insert_tracking(tracking)


class StoreFactory(InfrastructureFactory[Any]):
    """Mixin for a backend's factory: it owns the key table (`kluis`) and gives it to the mapper."""

    kluis: Kluis
    plafondslot: Processlot  # one writer of the plafond registers at a time (plafondslot.py)

    def transcoder(self) -> Transcoder:
        """`SnelleTranscoder` unless the env names another (TRANSCODER_TOPIC)."""
        return super().transcoder() if self.env.get(self.TRANSCODER_TOPIC) else SnelleTranscoder()

    def mapper(self, transcoder: Transcoder | None = None, mapper_class: type[Mapper[Any]] | None = None) -> Mapper[Any]:
        mapper = super().mapper(transcoder=transcoder, mapper_class=mapper_class or StoreMapper)
        assert isinstance(mapper, StoreMapper)
        mapper.kluis = self.kluis
        return mapper

    def close(self) -> None:
        super().close()
        self.kluis.sluit()
        self.plafondslot.sluit()
