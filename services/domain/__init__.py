"""The decision logic: the state of a case (`toestand`), the budget of a year (`budget`), the policy
that turns an inbound event into decisions (`beslissen`) and the eventsourcing aggregate (`aggregate`).
Pure apart from the aggregate's use of the eventsourcing library; no Kafka, no SQL."""
