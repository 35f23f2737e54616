"""What the SQLite and PostgreSQL stores share: the mapper and the key table it encrypts with."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import InfrastructureFactory, Mapper, StoredEvent, Transcoder

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


class StoreFactory(InfrastructureFactory[Any]):
    """Mixin for a backend's factory: it owns the key table (`kluis`) and gives it to the mapper."""

    kluis: Kluis

    def mapper(self, transcoder: Transcoder | None = None, mapper_class: type[Mapper[Any]] | None = None) -> Mapper[Any]:
        mapper = super().mapper(transcoder=transcoder, mapper_class=mapper_class or StoreMapper)
        assert isinstance(mapper, StoreMapper)
        mapper.kluis = self.kluis
        return mapper

    def close(self) -> None:
        super().close()
        self.kluis.sluit()
