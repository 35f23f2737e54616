"""The `wlz` command line (typer + rich): one module per command group, each registering its commands
on the root `app` of `common.py`. A new command group is a new module here plus one line below."""

from services.adapters.cli import (  # noqa: F401
    budget,
    case,
    contract,
    data,
    demo,
    ingest,
    iwlz,
    kafka,
    plafond,
    privacy,
    projections,
    reconcile,
    rejects,
    serve,
    toegang,
)
from services.adapters.cli.common import app

__all__ = ["app"]
