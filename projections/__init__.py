"""The read side: budget ledgers per client and year, and the regional PGB plafond ledger.

`ledger` is the pure reducer (stored events in, ledger rows and alerts out); `store` keeps the rows
with the tracking position in one transaction (SQLite embedded, PostgreSQL through asyncpg);
`runner` follows the event store; `herbouw` rebuilds in batches and compares; `audit` reconstructs a
case as of a date and recomputes its decisions.
"""
