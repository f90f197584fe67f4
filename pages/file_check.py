"""Check a file: what the ETL would do with an upload, without writing anything.

Same engine as ``python -m etl check``. Loading into the warehouse stays a command-line step.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pandas as pd
import streamlit as st

from app import routing
from etl.importers.upload import MAX_UPLOAD_MB, UploadRefused, check_upload
from etl.problems import PROBLEM_CAP

routing.ensure_router()

FAMILIES = {
    "auto": "Recognise it",
    "series": "Trend series (series/)",
    "cases": "Case records (cases/)",
}
IMPORTER_LABELS = {
    "unodc_glotip": "UNODC GLOTIP country data, as downloaded",
    "ctdc_kanon": "CTDC k-anonymised victim dataset",
    "ctdc_synthetic_2024": "CTDC Global Synthetic Dataset 2024",
    "long_table": "long table with a mapping",
    "cases": "case records in the documented layout",
    "series": "trend series in the documented layout",
    "survey wave": "a survey wave (wave, codebook, respondents, responses)",
}

st.title("Check a file")
st.caption(
    "Upload a trend-series or case file and see what the ETL would do with it: the format "
    "it recognises, the rows it would accept, the rows it would reject or quarantine and "
    "why, and a preview. Nothing is written to the warehouse; the upload is deleted after "
    "the check. Loading stays a command-line step: `python -m etl build --source DIR`."
)

upload = st.file_uploader(
    f"File to check (.csv, .xlsx, .parquet, or a .zip of a survey wave folder, up to {MAX_UPLOAD_MB} MB)",
    type=["csv", "xlsx", "parquet", "zip"],
    max_upload_size=MAX_UPLOAD_MB,
    key="file_check_upload",
)
c1, c2 = st.columns(2)
family = c1.selectbox("What is it?", list(FAMILIES), format_func=FAMILIES.get, key="file_check_family")
strict = c2.toggle(
    "Strict: refuse the file if any row would be quarantined",
    key="file_check_strict",
    help="As `python -m etl check --strict`.",
)
with st.expander("Long table (country, year, value columns)? Add its mapping"):
    st.markdown(
        "A JSON mapping, as `python -m etl import-table` writes it: "
        '`{"country": "Entity", "year": "Year", "values": {"Detected victims": '
        '"detected_victims"}, "source": "...", "vintage": "YYYY-MM-DD"}`.'
    )
    mapping_upload = st.file_uploader(
        "Mapping (.json)", type=["json"], max_upload_size=1, key="file_check_mapping"
    )

if upload is None:
    st.info("Choose a file to check.", icon=":material/upload_file:")
    st.stop()

data = upload.getvalue()
mapping = mapping_upload.getvalue() if mapping_upload is not None else None
# The result is kept per upload and options, so switching pages and back does not redo it.
key = (
    upload.name,
    hashlib.sha256(data).hexdigest(),
    family,
    strict,
    hashlib.sha256(mapping).hexdigest() if mapping is not None else None,
)
saved = st.session_state.get("file_check_result")
if saved is None or saved[0] != key:
    try:
        with st.spinner(f"Checking {upload.name}..."):
            result = check_upload(
                upload.name,
                data,
                family=None if family == "auto" else family,
                strict=strict,
                mapping=mapping,
            )
    except UploadRefused as exc:
        st.error(f"Refused: {exc}", icon=":material/block:")
        st.stop()
    except Exception:  # the check names file failures itself; this is ours, logged, never shown
        logging.getLogger(__name__).exception("the file check failed on an upload")
        st.error(
            "Could not check this file: an error on our side, which has been logged. "
            "Rename it (a short name, letters and digits) and try again, or use "
            "`python -m etl check`.",
            icon=":material/block:",
        )
        st.stop()
    st.session_state["file_check_result"] = saved = (key, result)
result = saved[1]
report = result.report

if not report.ok:
    st.error(f"**{result.name}** would be refused by the build.", icon=":material/error:")
elif report.verdict == "WARNINGS":
    st.warning(
        f"**{result.name}** would load, but not whole: {report.rows_rejected:,} of "
        f"{report.rows_read:,} rows would be quarantined, or a warning applies (see below).",
        icon=":material/warning:",
    )
else:
    st.success(f"**{result.name}** can be loaded as it is.", icon=":material/check_circle:")

if report.layout:
    recognised = IMPORTER_LABELS.get(report.layout, report.layout)
    st.markdown(
        f"**Recognised as:** {recognised} ({report.why}); family: {report.family}; "
        f"format: {report.format or 'unknown'}."
    )
else:
    st.markdown("**Not recognised.** What each supported layout needs that this file lacks is listed below.")
m1, m2, m3 = st.columns(3)
m1.metric("Rows read", f"{report.rows_read:,}")
m2.metric("Rows accepted", f"{report.rows_accepted:,}")
m3.metric("Rows rejected or quarantined", f"{report.rows_rejected:,}")

st.subheader("Problems")
if report.problems:
    st.markdown(f"**By reason** (all {len(report.problems):,} problems)")
    st.dataframe(
        pd.DataFrame(report.by_reason(), columns=["severity", "expected", "rows"]),
        hide_index=True,
        width="stretch",
        key="file_check_reasons",
    )
    shown = report.problems[:PROBLEM_CAP]
    if len(report.problems) > len(shown):
        st.caption(
            f"Row by row: the first {len(shown):,} of {len(report.problems):,} problems "
            "(`python -m etl check` lists them all)."
        )
    st.markdown("**Row by row**")
    problems = pd.DataFrame(
        [
            {
                "severity": p.severity,
                "file": Path(p.file).name,
                "sheet": p.sheet,
                "row": p.row,
                "column": p.column,
                "value": p.value,
                "expected": p.expected,
            }
            for p in shown
        ]
    )
    st.dataframe(problems, hide_index=True, width="stretch", key="file_check_problems")
    if fixes := report.fixes():
        st.markdown(
            "**To map an unmapped value**, add these lines to the tables named, in the "
            "`mappings/` folder of the source folder (a new table starts with the shipped "
            "table's header):"
        )
        st.code("\n".join(fixes[:PROBLEM_CAP]), language=None)
else:
    st.markdown("None.")

if report.unknown_codes:
    st.subheader("Codes it did not know")
    st.dataframe(
        pd.DataFrame(
            [
                {"column": column, "values": ", ".join(values)}
                for column, values in report.unknown_codes.items()
            ]
        ),
        hide_index=True,
        width="stretch",
        key="file_check_unknown",
    )
    st.caption("Allowed codes are in `etl/reference/codes.csv` (the Data and methods page).")

st.subheader("Preview of what would load")
st.caption(
    "**Not published.** This is your own file as the ETL reads it, shown to you only and "
    "without small-count suppression; published views and downloads withhold small counts."
)
if report.preview.empty:
    st.markdown("Nothing would load.")
else:
    st.dataframe(report.preview, hide_index=True, width="stretch", key="file_check_preview")
