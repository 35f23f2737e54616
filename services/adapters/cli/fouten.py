"""One exit-code scheme for every `wlz` command, and one line instead of a traceback.

    0 ok · 1 a difference was found · 2 usage error or bad setting · 3 access refused · 4 not found ·
    5 connection failure (broker or database unreachable)

Commands raise what they mean (services/fouten.py: InstellingFout, NietGevonden; services/toegang.py:
GeenToegang; a driver's connection error) and `FoutGroep`, the class of the CLI's top-level group, turns
it into one line on stderr naming the setting or the thing, and the exit code. A command that finds a
difference exits 1 itself (`raise typer.Exit(VERSCHIL)`). Anything else is a bug and keeps its
traceback. Texts never carry a personal value: the exceptions mapped here are written not to.
"""

from __future__ import annotations

from typing import Any

import typer
from pydantic import ValidationError
from typer.core import TyperGroup

try:  # typer >= 0.26 carries its own copy of click
    from typer._click.core import Context
    from typer._click.exceptions import Abort, ClickException, Exit
except ImportError:  # pragma: no cover
    from click.core import Context  # type: ignore[assignment]
    from click.exceptions import Abort, ClickException, Exit  # type: ignore[assignment]

from services.fouten import InstellingFout, NietGevonden

OK, VERSCHIL, GEBRUIK, GEEN_TOEGANG, NIET_GEVONDEN, GEEN_VERBINDING = 0, 1, 2, 3, 4, 5
SETTINGS_KLASSEN = frozenset({"Settings"})


def _instelling_uit(fout: ValidationError) -> str:
    """The environment variable of the first setting that failed validation (never its value)."""
    fouten = fout.errors(include_input=False, include_url=False)
    veld = str(fouten[0]["loc"][0]) if fouten and fouten[0]["loc"] else "?"
    naam = veld if veld.isupper() else f"WLZ_{veld.upper()}"
    return f"{naam}: {fouten[0]['msg'] if fouten else 'ongeldig'}"


def _verbindingsfout(fout: BaseException) -> bool:
    import psycopg
    from aiokafka.errors import KafkaConnectionError
    from eventsourcing.persistence import InterfaceError, OperationalError

    return isinstance(
        fout, ConnectionError | TimeoutError | psycopg.OperationalError | OperationalError | InterfaceError | KafkaConnectionError
    )


def vertaal(fout: BaseException) -> tuple[int, str] | None:
    """(exit code, one line) for an error with a meaning, following its causes; None for a bug."""
    from services.toegang import GeenToegang

    gezien: set[int] = set()
    huidig: BaseException | None = fout
    while huidig is not None and id(huidig) not in gezien:
        gezien.add(id(huidig))
        if isinstance(huidig, InstellingFout):
            return GEBRUIK, f"ongeldige instelling {huidig}"
        if isinstance(huidig, ValidationError) and huidig.title in SETTINGS_KLASSEN:
            return GEBRUIK, f"ongeldige instelling {_instelling_uit(huidig)}"
        if isinstance(huidig, GeenToegang):
            return GEEN_TOEGANG, f"geen toegang: {huidig}"
        if isinstance(huidig, NietGevonden):
            return NIET_GEVONDEN, f"niet gevonden: {huidig}"
        if _verbindingsfout(huidig):
            return GEEN_VERBINDING, f"geen verbinding ({type(huidig).__name__}): broker of database onbereikbaar"
        huidig = huidig.__cause__ or (None if huidig.__suppress_context__ else huidig.__context__)
    return None


class FoutGroep(TyperGroup):
    """The top-level group of the `wlz` CLI: every command's errors go through `vertaal`."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except (Exit, ClickException, Abort):
            raise
        except Exception as fout:
            vertaald = vertaal(fout)
            if vertaald is None:
                raise
            code, regel = vertaald
            typer.echo(regel, err=True)
            raise typer.Exit(code) from None
