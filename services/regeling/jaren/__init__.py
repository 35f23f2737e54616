"""One module per year of the Regeling; each exports `REGELSET`. Found by `regelset.alle_regelsets`."""
