"""iWlz XML over the real broker: IO31 in -> decisions -> AW33 out; AW35 in -> CA317 out; AW39 in -> CA319
out; retours IO32/AW36/AW310; refused messages as dead letters naming the message id, path and rule.
Every produced message is valid against its XSD."""

from __future__ import annotations

import json

import pytest

from services.adapters.iwlz.schemas import valideer
from services.identity import case_id_voor
from tests.integration.conftest import Omgeving, lees_alles, produceer, run
from tests.integration.test_kafka_postgres import SLEUTEL, bericht, wacht_op
from tests.iwlz.berichten import aw35, aw39
from tests.iwlz.voorbeelden import AANBIEDER, BSN, BSN_FOUT, io31

pytestmark = pytest.mark.integration


def _koppen(record: object) -> dict[str, str]:
    return {k: v.decode() for k, v in record.headers}  # type: ignore[attr-defined]


def test_iwlz_rondgang_op_de_broker(omgeving: Omgeving) -> None:
    omgeving.start_dienst()
    iwlz_in = omgeving.topic("wlz.iwlz.in")
    sleutel = case_id_voor(BSN, SLEUTEL).hex.encode()
    run(produceer(omgeving.infra.bootstrap, [(iwlz_in, b"5509", io31())]))
    wacht_op(omgeving, 1)
    aanvragen = omgeving.topic("wlz.aanvragen")
    verblijf = {"bsn": BSN, "ingangsdatum": "2020-03-01"}
    toewijzing = {**verblijf, "zorgaanbieder": AANBIEDER, "leveringsvorm": "verblijf"}
    run(
        produceer(
            omgeving.infra.bootstrap,
            [
                (aanvragen, sleutel, bericht("LeveringsvormAangevraagd", {**verblijf, "leveringsvormen": ["verblijf"]})),
                (aanvragen, sleutel, bericht("ToewijzingAangevraagd", toewijzing)),
            ],
        )
    )
    wacht_op(omgeving, 3)
    run(
        produceer(
            omgeving.infra.bootstrap,
            [
                (iwlz_in, b"aanbieder", aw35()),
                (iwlz_in, b"aanbieder", aw39(mutatiecode="19", mutatiedatum="2020-09-30")),
                (iwlz_in, b"aanbieder", aw35(toewijzing_ingang="2020-05-01")),  # names no toewijzing
                (iwlz_in, b"aanbieder", io31(bsn=BSN_FOUT)),  # fails the elfproef
                (iwlz_in, b"aanbieder", b"<Bericht><kapot>"),  # not well-formed
            ],
        )
    )
    gezondheid = wacht_op(omgeving, 8)
    assert gezondheid["dead_letters"] == 3

    uit = run(lees_alles(omgeving.infra.bootstrap, omgeving.topic("wlz.iwlz.uit"), minimaal=3))
    soorten = [_koppen(r)["iwlz-bericht"] for r in uit]
    assert soorten == ["AW33", "CA317", "CA319"]
    for record, soort in zip(uit, soorten, strict=True):
        assert valideer(soort, record.value) == [], soort
    assert [_koppen(r)["iwlz-ontvanger"] for r in uit] == [AANBIEDER, "CAK", "CAK"]

    gelezen = run(lees_alles(omgeving.infra.bootstrap, omgeving.topic("wlz.iwlz.retouren"), minimaal=5))
    # at least once: a record redelivered (a rebalance at start) gives the same retour again, byte for byte
    retouren = [r for n, r in enumerate(gelezen) if r.value not in {e.value for e in gelezen[:n]}]
    assert [_koppen(r)["iwlz-bericht"] for r in retouren] == ["IO32", "AW36", "AW310", "AW36", "IO32"]
    for record in retouren:
        assert valideer(_koppen(record)["iwlz-bericht"], record.value) == []
    assert b"<aw36:RetourCode>0233</aw36:RetourCode>" in retouren[3].value
    assert b"<io32:RetourCode>S002</io32:RetourCode>" in retouren[4].value

    dood = run(lees_alles(omgeving.infra.bootstrap, omgeving.topic("wlz.dlq"), minimaal=3))
    koppen = [_koppen(r) for r in dood]
    assert [k["wlz-dlq-veld"] for k in koppen] == [
        "/Bericht/Clienten/Client[1] (payload.toewijzing_ingangsdatum)",
        "/Bericht/Clienten/Client[1]/Bsn",
        "/",
    ]
    assert koppen[0]["wlz-dlq-reden"].startswith("AW35-0001: geen toewijzing")
    assert koppen[1]["wlz-dlq-reden"].startswith("IO31-0001: CS002")
    assert all(BSN_FOUT not in str(k) for k in koppen)

    cak = run(lees_alles(omgeving.infra.bootstrap, omgeving.topic("wlz.cak.zorgmutaties"), minimaal=2))
    meldingen = [json.loads(r.value)["payload"] for r in cak]
    assert [(m["melding"], m["zorgaanbieder"], m["ingangsdatum"], m["einddatum"]) for m in meldingen] == [
        ("MAZ", AANBIEDER, "2020-03-02", None),
        ("MEZ", AANBIEDER, "2020-03-02", "2020-09-30"),
    ]
