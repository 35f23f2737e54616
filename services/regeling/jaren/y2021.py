"""The Regeling langdurige zorg as this service can apply it from 1 January 2021.

The articles of seed 002 that no held source changes for 2021 (the percentages, the lists of art. 2.5,
5.2, 5.3, 5.5 and 5.6), the five GGZ-W profiles that can be "verzilverd" from 1 January 2021 (Toelichting
onderdelen I, J en BB), and nothing of what is fixed per year: Bijlage H 2021, Bijlage I 2021 and the
amounts of art. 5.13 are not held (`data/2021/regelset.toml`, `[niet_beschikbaar]`), so the functions that
need them are bound to guards that refuse naming what is missing. Verblijf and VPT need none of them.
"""

from services.regeling.artikelen import beschikbaarheid
from services.regeling.laden import regelset_data
from services.regeling.regelset import RegelSet

REGELSET = RegelSet(
    data=regelset_data(2021),
    bijlage_h_rij=beschikbaarheid.bijlage_h_rij,
    kleinschalig_wooninitiatief=beschikbaarheid.kleinschalig_wooninitiatief,
)
