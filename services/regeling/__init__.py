"""The Regeling langdurige zorg: data per year (`data/`), article functions (`artikelen/`), rule sets
per year (`jaren/`) and the registry that selects one by date (`regelset.py`). Pure: no I/O but
reading the bundled data files once."""
