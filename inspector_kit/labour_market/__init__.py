"""The local labour market: real employment by industry for the school's area, and whether the offer
names the area's main and growing industries.

Load the tables (:mod:`.loader`) → the area's figures and what the evidence names (:mod:`.panel`) → the
weak spot, its line of enquiry and the briefing's section (:mod:`.briefing`) → charts (:mod:`.charts`).

>>> from inspector_kit.labour_market import area_figures
>>> area_figures("E08000012").area_name            # doctest: +SKIP
'Liverpool City Region'
"""
from inspector_kit.labour_market.loader import (DistrictLookup, EmploymentTable, load_employment,
                                                load_employment_bytes, load_lookup, load_lookup_bytes)
from inspector_kit.labour_market.panel import AreaFigures, LabourMarketPanel, area_figures, labour_market_panel

__all__ = ["AreaFigures", "DistrictLookup", "EmploymentTable", "LabourMarketPanel", "area_figures",
           "labour_market_panel", "load_employment", "load_employment_bytes", "load_lookup", "load_lookup_bytes"]
