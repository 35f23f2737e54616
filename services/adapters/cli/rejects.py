"""`wlz rejects`: the rejects file read back - what was refused, when and why - without personal data in
clear unless the role may read it (services/adapters/rejects.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from services.adapters.cli.common import DataDir, app, console, open_service, stop
from services.adapters.cli.fouten import NIET_GEVONDEN


@app.command("rejects")
def rejects_command(
    rejects: Annotated[
        Path | None, typer.Option("--rejects", help="the rejects file (default: rejects.jsonl in the data dir, as `wlz ingest` writes it)")
    ] = None,
    ruw: Annotated[bool, typer.Option("--ruw", help="also the rejected lines themselves, decrypted (role auditor; access-logged)")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    data_dir: DataDir = None,
) -> None:
    """The rejected lines: input line, time (UTC), field, rule and what the kept line holds (encrypted,
    erased, unencrypted, unreadable) - never its content (roles beheerder and auditor). With --ruw the
    lines decrypted, each person read written to the access log (role auditor); an erased person's line
    reads "gewist (art. 17 AVG)". Everything is shown escaped. Exit 4 when there is no rejects file."""
    from services.adapters.cli.toegang import log_toegang, settings_voor, vereis
    from services.adapters.rejects import lees_rejects
    from services.adapters.toegangslog import Uitkomst
    from services.toegang import Recht

    settings = settings_voor(data_dir)
    recht = Recht.REJECTS_RUW if ruw else Recht.REJECTS
    toegang = vereis(recht, settings, "rejects", "rejects")  # before anything is read
    service = open_service(data_dir, lezen=True)
    pad = rejects or service.settings.data_dir / "rejects.jsonl"
    if not pad.is_file():
        stop(NIET_GEVONDEN, f"geen rejects-bestand {pad}: `wlz ingest` schrijft het bij de eerste afgewezen regel (of geef --rejects)")
    regels = list(lees_rejects(pad, service.kluis, ontsleutel=ruw))
    log_toegang(settings, toegang, "rejects", "rejects", Uitkomst.TOEGESTAAN)
    for persoon in dict.fromkeys(p for r in regels for p in r.gelezen):  # each person whose data was shown, once
        log_toegang(settings, toegang, "rejects", "rejects", Uitkomst.TOEGESTAAN, persoon)
    if as_json:
        typer.echo(json.dumps([r.als_dict() for r in regels], ensure_ascii=False, indent=2))
        return
    for r in regels:
        # plain text, never markup: the file is input too
        kop = f"#{r.nummer} regel {r.regel or '?'} · {r.tijdstip or '-'} · {r.veld or '-'}: {r.reden or '-'} · {r.inhoud}"
        console.print(Text(kop), soft_wrap=True)
        if r.ruw is not None:
            console.print(Text(f"    {r.ruw}"), soft_wrap=True)
    console.print(f"{len(regels)} afgewezen regels in {pad}", highlight=False, markup=False)
