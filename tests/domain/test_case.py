"""The WlzCase through the application service on the embedded store: invariants and whole flows,
with the expected amounts worked out by hand from Bijlage H 2020."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from events import besluiten as b
from services.application import OngeldigBericht, WlzService
from services.domain.aggregate import InvariantGeschonden, WlzCase
from services.regeling.geld import euro
from tests.conftest import BSN, aanvraag, bericht, indicatie


def types(besluiten: list) -> list[str]:  # type: ignore[type-arg]
    return [x.event_type for x in besluiten]


def budget(besluiten: list) -> b.BudgetVastgesteldPayload:  # type: ignore[type-arg]
    return [x for x in besluiten if isinstance(x, b.BudgetVastgesteld)][-1].payload


def test_geen_leveringsvorm_voor_een_indicatie(service: WlzService) -> None:
    besluiten = service.verwerk(aanvraag(["pgb"]))
    assert types(besluiten) == ["LeveringsvormAfgewezen"]
    assert besluiten[0].payload.artikel == "3.2.1 Wlz"


def test_geen_besluit_na_einde_indicatie(service: WlzService) -> None:
    service.verwerk(indicatie("5VV", tot="2020-06-30"))
    besluiten = service.verwerk(aanvraag(["pgb"], "2020-07-01"))
    assert types(besluiten) == ["LeveringsvormAfgewezen"]
    assert "niet op 2020-07-01" in besluiten[0].payload.reden


def test_zelfde_bericht_twee_keer_geeft_een_besluit(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"))
    verzoek = aanvraag(["pgb"])
    assert types(service.verwerk(verzoek)) == ["LeveringsvormToegekend", "BudgetVastgesteld"]
    assert service.verwerk(verzoek) == []
    assert len(service.historie(service.case_id(BSN))) == 4


def test_art_5_1_pgb_5vv_heel_2020(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"))
    p = budget(service.verwerk(aanvraag(["pgb"])))
    assert (p.jaar, p.dagen, p.totaal, p.pgb_deel) == (2020, 366, euro(52_286), euro(52_286))


def test_pgb_vanaf_1_juli_2020_pro_rata(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"))
    p = budget(service.verwerk(aanvraag(["pgb"], "2020-07-01")))
    # 52.286 x 184/366 = 26.285,86
    assert (p.van, p.dagen, p.pgb_deel) == (date(2020, 7, 1), 184, 2_628_586)


def test_art_5_1_lid_3_5vv_deeltijd_7_van_14_heel_jaar(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"))
    besluiten = service.verwerk(aanvraag(["pgb", "deeltijdverblijf"], deeltijdverblijf_etmalen=7))
    p = budget(besluiten)
    assert (p.basisbedrag, p.deeltijd_korting, p.pgb_deel) == (euro(52_286), euro(26_143), euro(26_143))


def test_art_5_1_lid_2_6vg_met_vervoer_mpt_deel_en_pgb_rest(service: WlzService) -> None:
    service.verwerk(indicatie("6VG"))
    p = budget(service.verwerk(aanvraag(["mpt", "pgb"], begeleiding_groeps="ja_met_vervoer", mpt_kosten_per_jaar=euro(20_000))))
    assert (p.totaal, p.mpt_deel, p.pgb_deel) == (euro(64_111), euro(20_000), euro(44_111))


def test_art_5_1a_ekt_op_8vv_in_het_besluit(service: WlzService) -> None:
    service.verwerk(indicatie("8VV"))
    besluiten = service.verwerk(aanvraag(["pgb"], zorgkosten_per_jaar=euro(90_000)))
    assert types(besluiten) == ["LeveringsvormToegekend", "EKTToegekend", "BudgetVastgesteld"]
    ekt = besluiten[1].payload
    assert (ekt.bedrag_per_jaar, ekt.maximum_per_jaar, ekt.uitgeput) == (euro(11_833), 1_954_175, False)
    assert budget(besluiten).pgb_deel == euro(90_000)


def test_art_5_1_lid_1_te_duur_zonder_meerzorgverzoek_afgewezen(service: WlzService) -> None:
    service.verwerk(indicatie("8VV"))
    besluiten = service.verwerk(aanvraag(["pgb"], zorgkosten_per_jaar=euro(110_000)))
    assert types(besluiten) == ["LeveringsvormAfgewezen"]
    assert "12.291,25" in besluiten[0].payload.reden and "5.1e" in besluiten[0].payload.reden


def test_art_5_1e_meerzorg_na_uitgeputte_ekt(service: WlzService) -> None:
    service.verwerk(indicatie("8VV"))
    service.verwerk(aanvraag(["pgb"], zorgkosten_per_jaar=euro(90_000)))
    besluiten = service.verwerk(
        bericht(
            "MeerzorgAangevraagd",
            {"bsn": BSN, "ingangsdatum": "2020-01-01", "zorgkosten_per_jaar": euro(110_000), "voldoet_aan_art_2_2": True},
        )
    )
    assert types(besluiten) == ["EKTToegekend", "MeerzorgGestart", "BudgetVastgesteld"]
    assert besluiten[1].payload.bedrag_per_jaar == 1_229_125
    assert budget(besluiten).pgb_deel == euro(110_000)


def test_art_5_1e_meerzorg_afgewezen_als_ekt_volstaat(service: WlzService) -> None:
    service.verwerk(indicatie("8VV"))
    service.verwerk(aanvraag(["pgb"]))
    besluiten = service.verwerk(
        bericht(
            "MeerzorgAangevraagd",
            {"bsn": BSN, "ingangsdatum": "2020-03-01", "zorgkosten_per_jaar": euro(80_000), "voldoet_aan_art_2_2": True},
        )
    )
    assert types(besluiten) == ["EKTToegekend", "MeerzorgAfgewezen", "BudgetVastgesteld"]


def test_art_5_13_kleinschalig_wooninitiatief_5vv(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"))
    p = budget(service.verwerk(aanvraag(["pgb"], kleinschalig_wooninitiatief=True)))
    # 52.286 + 4.480 + 4.073 = 60.839
    assert (p.kleinschalig_wooninitiatief, p.pgb_deel) == (euro(8_553), euro(60_839))


def test_wissel_van_mpt_naar_pgb_halverwege_het_jaar(service: WlzService) -> None:
    service.verwerk(indicatie("6VG"))
    service.verwerk(aanvraag(["mpt", "pgb"], begeleiding_groeps="ja_met_vervoer", mpt_kosten_per_jaar=euro(36_600)))
    besluiten = service.verwerk(aanvraag(["pgb"], "2020-09-01", begeleiding_groeps="ja_met_vervoer"))
    # art. 7.12: the change of leveringsvorm ends the MPT+PGB the day before, as a decision of its own
    assert types(besluiten) == ["LeveringsvormBeeindigd", "LeveringsvormToegekend", "BudgetVastgesteld"]
    assert besluiten[0].payload.einddatum == date(2020, 8, 31)
    p = budget(besluiten)
    # MPT 36.600 a year = 100 a day, for 1 January to 31 August: 244 days -> 24.400
    assert (p.totaal, p.mpt_deel, p.pgb_deel) == (euro(64_111), euro(24_400), euro(64_111 - 24_400))


def test_einde_zorg_zet_het_budget_pro_rata(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"))
    service.verwerk(aanvraag(["pgb"]))
    besluiten = service.verwerk(
        bericht("IndicatieBeeindigd", {"bsn": BSN, "indicatiebesluit_id": "CIZ-5VV-2020-01-01", "einddatum": "2020-06-30"})
    )
    assert types(besluiten) == ["LeveringsvormBeeindigd", "BudgetVastgesteld"]
    # 52.286 x 182/366 = 26.000,142... -> 26.000,14
    assert budget(besluiten).pgb_deel == 2_600_014
    assert types(service.verwerk(aanvraag(["pgb"], "2020-08-01"))) == ["LeveringsvormAfgewezen"]


def test_toeslag_5_1d_voor_kind(service: WlzService) -> None:
    service.verwerk(indicatie("4VG", geboren="2008-05-20"))
    service.verwerk(aanvraag(["pgb"], begeleiding_groeps="ja_zonder_vervoer"))
    besluiten = service.verwerk(
        bericht(
            "ToeslagAangevraagd",
            {
                "bsn": BSN,
                "ingangsdatum": "2020-01-01",
                "soort": "ontwikkeling_minderjarige",
                "zorgvorm": "begeleiding_groep",
                "bedrag_per_jaar": euro(3_660),
                "voorwaarde_vervuld": True,  # art. 5.1d: judged necessary for the child's development
            },
        )
    )
    assert types(besluiten) == ["ToeslagToegekend", "BudgetVastgesteld"]
    assert budget(besluiten).pgb_deel == euro(51_827 + 3_660)


def test_ggz_wonen_in_2020_afgewezen_met_wat_ontbreekt(service: WlzService) -> None:
    service.verwerk(indicatie("GGZ-W 2"))
    besluit = service.verwerk(aanvraag(["pgb"], gewaarborgde_hulp=True))[0]
    assert besluit.event_type == "LeveringsvormAfgewezen"
    assert besluit.payload.ontbreekt == "zorgprofiel 2GGZW op 2020-01-01"


def test_datum_zonder_regelset_afgewezen(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"))
    besluit = service.verwerk(aanvraag(["pgb"], "2022-02-01"))[0]
    assert besluit.event_type == "LeveringsvormAfgewezen"
    assert besluit.payload.ontbreekt == "regelset voor 2022-02-01"
    assert besluit.payload.artikelen == []


def test_art_5_1_lid_2_pgb_2021_afgewezen_zonder_bijlage_h_2021(service: WlzService) -> None:
    """The 2021 rule set holds no Bijlage H: a 2021 PGB names the missing row, never a 2020 amount."""
    service.verwerk(indicatie("5VV"))
    besluit = service.verwerk(aanvraag(["pgb"], "2021-02-01"))[0]
    assert besluit.event_type == "LeveringsvormAfgewezen"
    assert besluit.payload.ontbreekt == "Bijlage H 2021: rij 5VV"
    assert besluit.payload.regelset.startswith("rlz-2021.1+")


def test_budget_loopt_niet_door_in_jaar_zonder_bijlage_h(service: WlzService) -> None:
    """# Toelichting bij Bijlage H: "Alle bedragen zijn jaarbedragen": no 2021 budget from 2020 amounts."""
    service.verwerk(indicatie("5VV"))
    besluiten = service.verwerk(aanvraag(["pgb"], "2020-12-01", einddatum="2021-03-31"))
    assert [x.payload.jaar for x in besluiten if isinstance(x, b.BudgetVastgesteld)] == [2020]


def test_onbekend_zorgprofiel_is_ongeldig_bericht(service: WlzService) -> None:
    with pytest.raises(OngeldigBericht) as fout:
        service.verwerk(indicatie("9XX"))
    assert fout.value.veld == "payload.zorgprofiel"


def test_beeindiging_van_onbekende_indicatie_is_ongeldig_bericht(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"))
    with pytest.raises(OngeldigBericht):
        service.verwerk(bericht("IndicatieBeeindigd", {"bsn": BSN, "indicatiebesluit_id": "ANDERS", "einddatum": "2020-06-30"}))


# --- the aggregate guards its invariants even against a faulty policy ------------------------------


def _besluit(klasse, payload):  # type: ignore[no-untyped-def]
    return klasse(event_id=uuid4(), occurred_at=datetime(2020, 1, 1, tzinfo=UTC), payload=payload)


def test_aggregaat_weigert_meerzorg_voor_uitgeputte_ekt(service: WlzService) -> None:
    service.verwerk(indicatie("8VV"))
    service.verwerk(aanvraag(["pgb"]))
    case = service.repository.get(service.case_id(BSN))
    assert isinstance(case, WlzCase)
    meerzorg = b.MeerzorgGestartPayload(
        peildatum=date(2020, 2, 1),
        regelset="x",
        artikelen=["5.1e"],
        ingangsdatum=date(2020, 2, 1),
        einddatum=None,
        bedrag_per_jaar=euro(1_000),
    )
    with pytest.raises(InvariantGeschonden, match="uitgeput"):
        case.besluit(_besluit(b.MeerzorgGestart, meerzorg))


def test_aggregaat_weigert_pgb_boven_het_maximum(service: WlzService) -> None:
    service.verwerk(indicatie("5VV"))
    besluiten = service.verwerk(aanvraag(["pgb"]))
    echt = budget(besluiten)
    case = service.repository.get(service.case_id(BSN))
    te_veel = echt.model_copy(update={"pgb_deel": echt.pgb_deel + euro(1_000), "totaal": echt.totaal + euro(1_000)})
    with pytest.raises(InvariantGeschonden, match="boven het maximum"):
        case.besluit(_besluit(b.BudgetVastgesteld, te_veel))


def test_aggregaat_weigert_toekenning_zonder_indicatie() -> None:
    case = WlzCase(uuid4())
    toekenning = b.LeveringsvormToegekendPayload(
        peildatum=date(2020, 1, 1),
        regelset="x",
        artikelen=[],
        zorgprofiel="5VV",
        regio="Utrecht",
        leveringsvormen=[b.LeveringsvormCode.van(b.Leveringsvorm.PGB)],
        ingangsdatum=date(2020, 1, 1),
        einddatum=None,
        begeleiding_groeps=b.BegeleidingGroeps.NVT,
        basisbedrag_per_jaar=euro(52_286),
    )
    with pytest.raises(InvariantGeschonden, match="zonder geldige indicatie"):
        case.besluit(_besluit(b.LeveringsvormToegekend, toekenning))
