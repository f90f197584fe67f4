"""A one-page app that draws ``app.geo.europe_map`` alone, to test the map apart from the pages.

Every Party of the Convention gets a value; Andorra and Monaco arrive suppressed (NaN).
"""

from __future__ import annotations

import csv

import pandas as pd
import streamlit as st
from browser_harness import ROOT

from app.geo import europe_map

SUPPRESSED = ("AND", "MCO")


def parties() -> list[str]:
    with (ROOT / "etl" / "reference" / "convention_parties.csv").open(encoding="utf-8") as f:
        return [row["iso3"] for row in csv.DictReader(f)]


def main() -> None:
    codes = parties()
    values = [None if c in SUPPRESSED else float(10 + i) for i, c in enumerate(codes)]
    frame = pd.DataFrame({"country_iso3": codes, "cases": values})
    st.plotly_chart(europe_map(frame, "cases", "Cases by country (test data)"), key="map")


# streamlit runs the file as __main__; the tests import it only for its constants.
if __name__ == "__main__":
    main()
