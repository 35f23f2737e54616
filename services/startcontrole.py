"""Secure defaults: what `wlz serve` refuses to start with, unless the development setting says so.

Refused: the public development case-id key (with it a case id in a reporting table is reversed to its
BSN by trying all 10^9 of them), a case-id key shorter than 32 characters, no at-rest cipher key
(`WLZ_CIPHER_KEY`), and data files or folders that other users of the machine can read. `WLZ_ONTWIKKELING=1`
(the test harness and local development) accepts them, and says so in the log.
"""

from __future__ import annotations

import stat
from pathlib import Path

from services.settings import ONTWIKKELSLEUTEL, Settings

MINIMALE_SLEUTEL = 32


def _leesbaar_voor_iedereen(pad: Path) -> bool:
    modus = pad.stat().st_mode
    return bool(modus & (stat.S_IROTH | stat.S_IWOTH))


def onveilig(settings: Settings) -> list[str]:
    """Every reason not to start, one line each naming the setting; empty when the configuration is fit
    for personal data."""
    problemen: list[str] = []
    sleutel = settings.case_id_key.get_secret_value()
    if sleutel == ONTWIKKELSLEUTEL:
        problemen.append("WLZ_CASE_ID_KEY: de publieke ontwikkelsleutel; zet een eigen geheime sleutel (of WLZ_ONTWIKKELING=1)")
    elif len(sleutel) < MINIMALE_SLEUTEL:
        problemen.append(f"WLZ_CASE_ID_KEY: korter dan {MINIMALE_SLEUTEL} tekens")
    if settings.cipher_key is None:
        problemen.append("WLZ_CIPHER_KEY: ontbreekt; zonder sleutel staan de events onversleuteld op schijf (`wlz sleutel` maakt er een)")
    map = settings.data_dir
    if map.exists():
        for pad in [map, *sorted(map.rglob("*"))]:
            if _leesbaar_voor_iedereen(pad):
                problemen.append(f"WLZ_DATA_DIR: {pad} is leesbaar voor andere gebruikers (chmod o-rwx)")
    return problemen
