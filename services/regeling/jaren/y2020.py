"""The Regeling langdurige zorg as in force from 1 January 2020 (Stcrt. 27-12-2019, seed 002)."""

from services.regeling.laden import regelset_data
from services.regeling.regelset import RegelSet

REGELSET = RegelSet(data=regelset_data(2020))
