"""Reading the store for one reader's event types skips the others before decoding, and gives exactly what
a full read gives for those types: personal fields decrypted, dead letters included."""

from __future__ import annotations

from services.adapters.kafka.publishers import GELEZEN
from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.application import Rejection, WlzService
from tests.conftest import BSN, aanvraag, indicatie


def test_gefilterd_lezen_geeft_hetzelfde_als_alles_lezen(service: WlzService) -> None:
    ruw = RuwBericht(None, b"{kapot", ())
    service.verwerk_reeks(
        [
            (Ontvangen(Bronpositie("t", 0, 0), ruw), indicatie("5VV")),
            (Ontvangen(Bronpositie("t", 0, 1), ruw), Rejection("json", "(json)", "geen geldige JSON")),
            (Ontvangen(Bronpositie("t", 0, 2), ruw), aanvraag(["pgb"])),
        ]
    )
    alles = service.berichten_na(0)
    gefilterd = service.berichten_na(0, 1000, GELEZEN)
    assert gefilterd == (alles[0], [(n, b) for n, b in alles[1] if b["event_type"] in GELEZEN])
    soorten = [b["event_type"] for _, b in gefilterd[1]]
    assert "LeveringsvormAangevraagd" not in soorten and "OnleesbaarBericht" in soorten and "BudgetVastgesteld" in soorten
    indicaties = [b for _, b in gefilterd[1] if b["event_type"] == "IndicatieOntvangen"]
    assert indicaties[0]["payload"]["bsn"] == BSN  # decrypted, as the CAK feed needs it
