"""The event store per backend: one module per persistence backend (as the eventsourcing library's own
examples do), each an infrastructure factory named by `PERSISTENCE_MODULE` (services/settings.py).

`common.py` holds what both share: the mapper with personal fields encrypted per person and the raw
state decoding of the fast read path. `sqlite.py` and `postgres.py` add the backend's SQL and the choice
of key table (services/persoonsgegevens.py) beside the store.
"""
