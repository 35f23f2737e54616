"""Adapters around the application service: the CLI (`cli`), JSON-lines ingestion (`ingest`), and
later Kafka and PostgreSQL. They depend on the core; the core never on them."""
