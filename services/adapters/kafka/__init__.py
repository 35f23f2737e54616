"""The Kafka adapter: FastStream consumer of inbound topics, dead letters, and the transactional
publisher of decisions (`app`, `topics`, `records`, `dlq`, `publishers`, `reconcile`, `asyncapi`)."""
