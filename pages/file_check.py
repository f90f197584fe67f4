"""Check a file: what the ETL would do with an upload, without writing anything.

Same engine as ``python -m etl check``. Loading into the warehouse stays a command-line step.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pandas as pd
import streamlit as st

from app import i18n, routing, ui
from etl.importers.upload import MAX_UPLOAD_MB, UploadRefused, check_upload
from etl.problems import PROBLEM_CAP

routing.ensure_router()
lang = ui.current_language()
_ = i18n.translator(lang)

FAMILIES = {
    "auto": _("Recognise it"),
    "series": _("Trend series (series/)"),
    "cases": _("Case records (cases/)"),
}
IMPORTER_LABELS = {
    "unodc_glotip": _("UNODC GLOTIP country data, as downloaded"),
    "ctdc_kanon": _("CTDC k-anonymised victim dataset"),
    "ctdc_synthetic_2024": _("CTDC Global Synthetic Dataset 2024"),
    "long_table": _("long table with a mapping"),
    "case_table": _("case records of another layout, with a mapping"),
    "cases": _("case records in the documented layout"),
    "series": _("trend series in the documented layout"),
    "survey wave": _("a survey wave (wave, codebook, respondents, responses)"),
}
VERDICT_COLUMNS = {"severity": _("Severity"), "expected": _("Reason"), "rows": _("Rows")}


def n(value: int) -> str:
    return i18n.number(value, lang)


st.title(_("Check a file"))
st.caption(
    _(
        "Upload a trend-series or case file and see what the ETL would do with it: the format it "
        "recognises, the rows it would accept, the rows it would reject or quarantine and why, and a "
        "preview. Nothing is written to the warehouse; the upload is deleted after the check. Loading "
        "stays a command-line step: `python -m etl build --source DIR`."
    )
)

upload = st.file_uploader(
    _("File to check (.csv, .xlsx, .parquet, or a .zip of a survey wave folder, up to {mb} MB)").format(
        mb=MAX_UPLOAD_MB
    ),
    type=["csv", "xlsx", "parquet", "zip"],
    max_upload_size=MAX_UPLOAD_MB,
    key="file_check_upload",
)
c1, c2 = st.columns(2)
family = c1.selectbox(_("What is it?"), list(FAMILIES), format_func=FAMILIES.get, key="file_check_family")
strict = c2.toggle(
    _("Strict: refuse the file if any row would be quarantined"),
    key="file_check_strict",
    help=_("As `python -m etl check --strict`."),
)
with st.expander(_("A file of another layout? Add its mapping")):
    st.markdown(
        _("A JSON mapping of a long table of trend series (country, year, value columns):") + " "
        '`{"country": "Entity", "year": "Year", "values": {"Detected victims": '
        '"detected_victims"}, "source": "...", "vintage": "YYYY-MM-DD"}`.'
    )
    st.markdown(
        _("Or of case records in another layout (a national register's export):") + " "
        '`{"family": "cases", "source": "...", "vintage": "YYYY-MM-DD", "columns": {"case_id": "Case ref", '
        '"country": "Country", "date": "Date registered", "exploitation_type": "Exploitation"}, '
        '"codes": {"exploitation_type": {"SEX-EXP": "sexual"}}}`. '
        + _("Every key is described in `docs/data-formats.md`.")
    )
    mapping_upload = st.file_uploader(
        _("Mapping (.json)"), type=["json"], max_upload_size=1, key="file_check_mapping"
    )

if upload is None:
    st.info(_("Choose a file to check."), icon=":material/upload_file:")
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
        with st.spinner(_("Checking {name}...").format(name=upload.name)):
            result = check_upload(
                upload.name,
                data,
                family=None if family == "auto" else family,
                strict=strict,
                mapping=mapping,
            )
    except UploadRefused as exc:
        st.error(_("Refused: {reason}").format(reason=exc), icon=":material/block:")
        st.stop()
    except Exception:  # the check names file failures itself; this is ours, logged, never shown
        logging.getLogger(__name__).exception("the file check failed on an upload")
        st.error(
            _(
                "Could not check this file: an error on our side, which has been logged. Rename it (a "
                "short name, letters and digits) and try again, or use `python -m etl check`."
            ),
            icon=":material/block:",
        )
        st.stop()
    st.session_state["file_check_result"] = saved = (key, result)
result = saved[1]
report = result.report

if not report.ok:
    st.error(_("**{name}** would be refused by the build.").format(name=result.name), icon=":material/error:")
elif report.verdict == "WARNINGS":
    st.warning(
        _(
            "**{name}** would load, but not whole: {rejected} of {read} rows would be quarantined, or a "
            "warning applies (see below)."
        ).format(name=result.name, rejected=n(report.rows_rejected), read=n(report.rows_read)),
        icon=":material/warning:",
    )
else:
    st.success(
        _("**{name}** can be loaded as it is.").format(name=result.name), icon=":material/check_circle:"
    )

if report.layout:
    recognised = IMPORTER_LABELS.get(report.layout, report.layout)
    st.markdown(
        _("**Recognised as:** {layout} ({why}); family: {family}; format: {format}.").format(
            layout=recognised, why=report.why, family=report.family, format=report.format or _("unknown")
        )
    )
else:
    st.markdown(
        _("**Not recognised.** What each supported layout needs that this file lacks is listed below.")
    )
for line in report.details:  # what a survey tool's import found, and the questionnaire diff
    st.caption(line)
m1, m2, m3 = st.columns(3)
m1.metric(_("Rows read"), n(report.rows_read))
m2.metric(_("Rows accepted"), n(report.rows_accepted))
m3.metric(_("Rows rejected or quarantined"), n(report.rows_rejected))

st.subheader(_("Problems"))
if report.problems:
    st.markdown(_("**By reason** (all {count} problems)").format(count=n(len(report.problems))))
    st.dataframe(
        pd.DataFrame(report.by_reason(), columns=list(VERDICT_COLUMNS.values())),
        hide_index=True,
        width="stretch",
        key="file_check_reasons",
    )
    shown = report.problems[:PROBLEM_CAP]
    if len(report.problems) > len(shown):
        st.caption(
            _(
                "Row by row: the first {shown} of {total} problems (`python -m etl check` lists them all)."
            ).format(shown=n(len(shown)), total=n(len(report.problems)))
        )
    st.markdown("**" + _("Row by row") + "**")
    problems = pd.DataFrame(
        [
            {
                _("Severity"): p.severity,
                _("File"): Path(p.file).name,
                _("Sheet"): p.sheet or "",
                _("Row"): "" if p.row is None else p.row,
                _("Column"): p.column or "",
                _("Value"): "" if p.value is None else p.value,
                _("Expected"): p.expected,
            }
            for p in shown
        ]
    )
    st.dataframe(problems, hide_index=True, width="stretch", key="file_check_problems")
    if fixes := report.fixes():
        st.markdown(
            _(
                "**To map an unmapped value**, add each line where it says: to the mapping file named, "
                "or to the table named in the `mappings/` folder of the source folder (a new table "
                "starts with the shipped table's header):"
            )
        )
        st.code("\n".join(fixes[:PROBLEM_CAP]), language=None)
else:
    st.markdown(_("None."))

if report.unknown_codes:
    st.subheader(_("Codes it did not know"))
    st.dataframe(
        pd.DataFrame(
            [
                {_("Column"): column, _("Values"): ", ".join(values)}
                for column, values in report.unknown_codes.items()
            ]
        ),
        hide_index=True,
        width="stretch",
        key="file_check_unknown",
    )
    st.caption(_("Allowed codes are in `etl/reference/codes.csv` (the Data and methods page)."))

st.subheader(_("Preview of what would load"))
st.caption(
    _(
        "**Not published.** This is your own file as the ETL reads it, shown to you only: published "
        "views and downloads show protected counts, and counts from 1 to 4 as <5."
    )
)
if report.preview.empty:
    st.markdown(_("Nothing would load."))
else:
    st.dataframe(report.preview, hide_index=True, width="stretch", key="file_check_preview")
