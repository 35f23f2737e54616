"""The PGB plafond register at national size: one reading (art. 5.10) and one booking, as each PGB request
makes them, on a region-year register of `--houders` holders with requests received over the whole year.

    python -m bench.register [--houders N] [--rondes R]

Prints µs per reading + booking, and µs per review of the later-received grants (`te_herzien`, Awb art.
4:25 lid 3) on the same register with its plafond at half what it holds, as a request received earlier
than others makes it in a region past its plafond. A region holds some 3.800 PGB holders in the national run
(bench/ingest.py --national: about 150.000 clients, 60-85 % with a PGB, 31 regions).
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from datetime import date, timedelta
from uuid import UUID

from services.domain.plafondregister import RegisterStand, lezing, met_bedrag, te_herzien


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--houders", type=int, default=3800)
    parser.add_argument("--rondes", type=int, default=3000)
    args = parser.parse_args()
    rng = random.Random(1)
    stand = RegisterStand("Utrecht", 2020, "8.12", 10**12)
    cases = [UUID(int=n) for n in range(1, args.houders + 1)]
    for n, case in enumerate(cases):
        dag = date(2020, 1, 1) + timedelta(rng.randint(0, 365))
        stand = met_bedrag(stand, case, rng.randint(1000, 5_000_000), dag, UUID(int=10**6 + n))
    klok = time.perf_counter()
    for n in range(args.rondes):
        case, dag = cases[n % len(cases)], date(2020, 1, 1) + timedelta(n % 366)
        lezing(stand, case, dag, "wettelijk")
        stand = met_bedrag(stand, case, rng.randint(1000, 5_000_000), dag, UUID(int=2 * 10**6 + n))
    us = (time.perf_counter() - klok) / args.rondes * 1e6
    print(f"bench/register: {us:.1f} µs per reading + booking, {len(stand.toewijzingen)} holders, {len(stand.per_datum)} days")
    over = replace(stand, plafond_regeling=stand.totaal // 2)
    klok = time.perf_counter()
    herzien = 0
    for n in range(args.rondes):
        case, dag = cases[n % len(cases)], date(2020, 1, 1) + timedelta(n % 366)
        herzien += len(te_herzien(over, case, dag, 2_500_000))
    us = (time.perf_counter() - klok) / args.rondes * 1e6
    print(f"bench/register: {us:.1f} µs per review past the plafond (te_herzien), {herzien / args.rondes:.1f} grants reviewed each")


if __name__ == "__main__":
    main()
