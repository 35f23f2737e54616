"""`python -m services.adapters.cli`: the `wlz` command line."""

from services.adapters.cli import app

app()
