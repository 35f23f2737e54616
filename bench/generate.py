"""Synthetic but realistic inbound histories, deterministic by seed, valid under the 2020 rules.

N clients spread over the 31 regions in proportion to their 2020 PGB plafond (art. 8.12); each gets an
indication (a profile with a Bijlage H amount), a delivery-form request (mostly PGB, MPT or both; some
verblijf or VPT; some with deeltijdverblijf), and in realistic shares: care costs above the basisbedrag
(EKT), a later meerzorg request, a toeslag, a mid-year start, and an end of care.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from events.bsn import elfproef
from services.regeling.laden import plafonds, regelset_data

NAMESPACE = uuid.UUID("5b0d7d2e-4c1f-4a53-9f47-0e4f5a6b7c8d")


def _bsn(rng: random.Random) -> str:
    while True:
        nummer = f"{rng.randint(100_000_000, 999_999_999)}"
        if elfproef(nummer):
            return nummer


def _profielen() -> list[tuple[str, str]]:
    """(zorgprofiel, begeleiding_groeps) rows of Bijlage H that can be delivered at home."""
    uitgesloten = {"1LVG", "2LVG"}  # art. 5.5 onder c: no new PGB
    return [(code, variant.value) for (code, variant) in regelset_data(2020).bijlage_h if code not in uitgesloten]


def _regios() -> tuple[list[str], list[int]]:
    _, regios = plafonds(2020)
    namen = sorted(regios)
    return namen, [regios[n].bedrag or 0 for n in namen]


def historie(aantal: int, seed: int = 2020) -> Iterator[dict[str, Any]]:
    """Inbound events (as JSON objects) for `aantal` clients; the order is per client, clients interleaved."""
    rng = random.Random(seed)
    profielen = _profielen()
    namen, gewichten = _regios()
    teller = 0

    def bericht(soort: str, dag: date, payload: dict[str, Any]) -> dict[str, Any]:
        nonlocal teller
        teller += 1
        return {
            "event_id": str(uuid.uuid5(NAMESPACE, f"{seed}:{teller}")),
            "event_type": soort,
            "schema_version": 1,
            "occurred_at": f"{dag.isoformat()}T09:00:00+01:00",
            "payload": payload,
        }

    for _ in range(aantal):
        bsn = _bsn(rng)
        code, variant = rng.choice(profielen)
        regio = rng.choices(namen, weights=gewichten)[0]
        start = date(2020, 1, 1) if rng.random() < 0.7 else date(2020, 1, 1) + timedelta(days=rng.randint(1, 300))  # 30% mid-year
        geboren = date(rng.randint(1925, 2002), rng.randint(1, 12), rng.randint(1, 28))
        indicatie_id = f"CIZ-{bsn[-6:]}-{start.isoformat()}"
        yield bericht(
            "IndicatieOntvangen",
            start,
            {
                "bsn": bsn,
                "indicatiebesluit_id": indicatie_id,
                "zorgprofiel": code,
                "ingangsdatum": start.isoformat(),
                "geboortedatum": geboren.isoformat(),
                "regio": regio,
            },
        )
        kans = rng.random()
        if kans < 0.08:
            yield bericht(
                "LeveringsvormAangevraagd", start, {"bsn": bsn, "leveringsvormen": ["verblijf"], "ingangsdatum": start.isoformat()}
            )
            continue
        vormen = ["pgb"] if kans < 0.6 else ["mpt"] if kans < 0.75 else ["mpt", "pgb"]
        basis = (
            regelset_data(2020)
            .bijlage_h[(code, next(v for (c, v) in regelset_data(2020).bijlage_h if c == code and v.value == variant))]
            .totaal
        )
        aanvraag: dict[str, Any] = {"bsn": bsn, "leveringsvormen": vormen, "ingangsdatum": start.isoformat(), "begeleiding_groeps": variant}
        if "mpt" in vormen:
            aanvraag["mpt_kosten_per_jaar"] = basis * rng.randint(20, 60) // 100
        if (
            rng.random() < 0.1
            and code not in regelset_data(2020).parameters.deeltijd_uitgesloten_zorgzwaartepakketten
            and not code.endswith("LVG")
        ):
            aanvraag["leveringsvormen"] = [*vormen, "deeltijdverblijf"]
            aanvraag["deeltijdverblijf_etmalen"] = rng.choice([7, 8, 9])
            basis = basis // 2
        if rng.random() < 0.15:  # care costs above the basisbedrag, within the 25% of art. 5.1a
            aanvraag["zorgkosten_per_jaar"] = max(aanvraag.get("mpt_kosten_per_jaar", 0), basis * rng.randint(101, 124) // 100)
        if "pgb" in vormen:
            aanvraag["gewaarborgde_hulp"] = True
            aanvraag["kleinschalig_wooninitiatief"] = rng.random() < 0.05
        yield bericht("LeveringsvormAangevraagd", start, aanvraag)
        later = start + timedelta(days=rng.randint(1, 60))
        if later.year == 2020 and rng.random() < 0.04:
            yield bericht(
                "MeerzorgAangevraagd",
                later,
                {"bsn": bsn, "ingangsdatum": later.isoformat(), "zorgkosten_per_jaar": basis * 16 // 10, "voldoet_aan_art_2_2": True},
            )
        if later.year == 2020 and rng.random() < 0.05:
            yield bericht(
                "ToeslagAangevraagd",
                later,
                {
                    "bsn": bsn,
                    "ingangsdatum": later.isoformat(),
                    "soort": "palliatief_terminaal",
                    "bedrag_per_jaar": rng.randint(200_000, 800_000),
                    "voorwaarde_vervuld": True,
                    "zorgkosten_per_jaar": basis * 13 // 10,  # art. 5.1c: raised only as far as needed above this
                },
            )
        einde = start + timedelta(days=rng.randint(60, 500))
        if einde.year == 2020 and rng.random() < 0.1:
            yield bericht(
                "IndicatieBeeindigd",
                einde,
                {"bsn": bsn, "indicatiebesluit_id": indicatie_id, "einddatum": einde.isoformat(), "reden": "einde zorg"},
            )


def main() -> None:
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    for regel in historie(args.clients, args.seed):
        sys.stdout.write(json.dumps(regel, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
