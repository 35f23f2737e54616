"""`wlz erase` and `wlz sleutel`: erasure of personal data and keys for encryption at rest."""

from __future__ import annotations

from typing import Annotated

import typer

from events.bsn import elfproef
from services.adapters.cli.common import DataDir, app, case_uuid, console, open_service


@app.command()
def erase(
    persoon: Annotated[str, typer.Argument(help="case id (UUID), or the BSN to derive it from")],
    reden: Annotated[
        str, typer.Option(help="why (recorded readable with the erasure: no personal data here)")
    ] = "verzoek tot wissing (art. 17 AVG)",
    data_dir: DataDir = None,
) -> None:
    """Crypto-shredding: record the erasure, then delete the person's key, so their personal data is
    unreadable everywhere; budgets and plafond ledgers stay correct and replayable. Safe to re-run (it
    finishes an erasure that was interrupted); exit 4 when there is nothing of this person. Role
    beheerder only; logged in the access log."""
    from datetime import date

    from services.adapters.cli.toegang import log_toegang, niet_gevonden, settings_voor, vereis
    from services.adapters.toegangslog import Actie, Uitkomst
    from services.fouten import NietGevonden
    from services.toegang import Recht

    settings = settings_voor(data_dir)
    toegang = vereis(Recht.WIJZIGEN, settings, "erase", "persoonsgegevens", Actie.WIJZIGEN)  # before any lookup
    service = open_service(data_dir)
    case_id = service.case_id(persoon) if elfproef(persoon) else case_uuid(persoon)
    try:
        wissing = service.wis_persoon(case_id, reden, date.today())
    except NietGevonden:
        raise niet_gevonden(settings, toegang, "erase", "persoonsgegevens", case_id) from None
    log_toegang(settings, toegang, "erase", "persoonsgegevens", Uitkomst.TOEGESTAAN, case_id, Actie.WIJZIGEN)
    if wissing.gewist is not None:
        console.print(f"persoonsgegevens van case {case_id} gewist ({wissing.gewist.event_id})")
    elif wissing.sleutel_gewist:
        console.print(f"persoonsgegevens van case {case_id} gewist: de sleutel is nu verwijderd")
    elif wissing.conflict:
        console.print(f"persoonsgegevens van case {case_id} waren al gewist (gelijktijdig door een andere wissing vastgelegd)")
    else:
        console.print(f"persoonsgegevens van case {case_id} waren al gewist")


@app.command()
def sleutel() -> None:
    """Print a new random AES-256 key for WLZ_CIPHER_KEY (store it in your secret store, not in the repository)."""
    from eventsourcing.cryptography import AESCipher

    typer.echo(AESCipher.create_key(32))
