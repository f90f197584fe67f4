"""Check a file: what the ETL would do with an upload, without writing anything.

Same engine as ``python -m etl check``. Loading into the warehouse stays a command-line step.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from app import routing
from etl.importers.upload import MAX_UPLOAD_MB, UploadRefused, check_upload

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
}

st.title("Check a file")
st.caption(
    "Upload a trend-series or case file and see what the ETL would do with it: the format "
    "it recognises, the rows it would accept, the rows it would reject or quarantine and "
    "why, and a preview. Nothing is written to the warehouse; the upload is deleted after "
    "the check. Loading stays a command-line step: `python -m etl build --source DIR`."
)

upload = st.file_uploader(
    f"File to check (.csv, .xlsx or .parquet, up to {MAX_UPLOAD_MB} MB)",
    type=["csv", "xlsx", "parquet"],
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
    except OSError as exc:  # e.g. a file name longer than the file system allows
        st.error(
            f"Could not check this file: {exc.strerror or 'the file could not be read'}. "
            "Rename it (a short name, letters and digits) and try again.",
            icon=":material/block:",
        )
        st.stop()
    st.session_state["file_check_result"] = saved = (key, result)
result = saved[1]
report = result.report

if report.ok:
    st.success(f"**{result.name}** can be loaded.", icon=":material/check_circle:")
else:
    st.error(f"**{result.name}** would be refused by the build.", icon=":material/error:")

recognised = IMPORTER_LABELS.get(result.importer or "", "the documented input format")
st.markdown(
    f"**Recognised as:** {recognised}; family: {report.family or 'not recognised'}; "
    f"format: {report.format or 'unknown'}."
)
m1, m2, m3 = st.columns(3)
m1.metric("Rows read", f"{report.rows_read:,}")
m2.metric("Rows accepted", f"{report.rows_accepted:,}")
m3.metric("Rows rejected or quarantined", f"{report.rows_rejected:,}")

st.subheader("Problems")
if report.problems:
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
            for p in report.problems
        ]
    )
    if report.problems_total > len(report.problems):
        st.caption(
            f"The first {len(report.problems):,} of {report.problems_total:,} problems "
            "(`python -m etl check` lists the same)."
        )
    reasons = problems.groupby(["severity", "expected"], as_index=False).size()
    st.markdown("**By reason**")
    st.dataframe(
        reasons.sort_values("size", ascending=False),
        hide_index=True,
        width="stretch",
        key="file_check_reasons",
    )
    st.markdown("**Row by row**")
    st.dataframe(problems, hide_index=True, width="stretch", key="file_check_problems")
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
