"""Adapters around the application service: the CLI (`cli`), JSON-lines ingestion (`ingest`), the event
store per backend (`store`) and Kafka (`kafka`). They depend on the core; the core never on them."""
