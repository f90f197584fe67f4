"""Downloads that are safe to open in a spreadsheet and say what they hold.

Every export starts with a header block (title, source, wave, period, vintage, filters,
date, how counts are protected, and ``SYNTHETIC DEMO DATA`` when so): ``# `` lines in a CSV, an ``about``
sheet in a workbook. Text cells that a spreadsheet would run as a formula (starting with
``= + - @``, tab or carriage return) get a leading apostrophe, in the data, the column names
and the header block alike, also after any separator inside a cell; numbers stay numbers.
In a CSV a cell holding ``,``, ``;``, a tab, a quote or a line break is quoted.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app import i18n

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTES = re.compile(r'[,;\t"\r\n]')
#: Names of the filters a download's header may list, marked for translation.
FILTER_NAMES = (
    i18n.N_("countries"),
    i18n.N_("country"),
    i18n.N_("breakdown"),
    i18n.N_("measure"),
    i18n.N_("stage"),
    i18n.N_("domain"),
    i18n.N_("audience"),
    i18n.N_("indicator"),
    i18n.N_("relation"),
)
SYNTHETIC_MARK = i18n.N_("SYNTHETIC DEMO DATA - invented for demonstration, not real country data")


@dataclass(frozen=True)
class ExportHeader:
    """What a download says about itself in its first lines."""

    title: str
    source: str
    wave: str | None = None
    vintage: str | None = None
    filters: dict[str, str] = field(default_factory=dict)
    small_count_threshold: int = 5
    synthetic: bool = False
    created: date | None = None
    period: str | None = None
    #: how the counts of the export are protected; None for figures that count nobody
    protection: str | None = None
    #: the language of the header (the data's own words stay as they are)
    lang: str = "en"

    def lines(self) -> list[tuple[str, str]]:
        """The header as (field, value) pairs, in order."""
        _ = i18n.translator(self.lang)
        rows = [(_("title"), self.title)]
        if self.synthetic:
            # the English mark stays first, whatever the language: it is what people search for
            mark = SYNTHETIC_MARK if self.lang == i18n.DEFAULT else f"{SYNTHETIC_MARK} / {_(SYNTHETIC_MARK)}"
            rows.append((_("warning"), mark))
        rows.append((_("source"), self.source))
        # always present, so that a reader never wonders whether a line was lost
        rows.append((_("wave"), self.wave or _("not applicable (not questionnaire data)")))
        if self.period:
            rows.append((_("period"), self.period))
        rows.append((_("vintage"), self.vintage or _("not stated")))
        if not self.filters:
            rows.append((_("filters"), _("none")))
        for key, value in self.filters.items():
            rows.append((_("filter: {name}").format(name=_(key)), str(value)))
        rows.append((_("date"), (self.created or date.today()).isoformat()))
        if self.protection:
            rows.append((_("protection"), _("counts {protection}").format(protection=self.protection)))
        rows.append(
            (
                _("small counts"),
                _("counts of cases or victims from 1 to {last} read <{threshold}").format(
                    last=self.small_count_threshold - 1, threshold=self.small_count_threshold
                ),
            )
        )
        return rows


#: A separator of some locale (``,`` ``;`` tab) before a formula start, inside a cell: a
#: spreadsheet that splits on that separator would start a new cell there.
_INNER_FORMULA = re.compile(r"([,;\t][\s\"]*)([=+\-@])")


def neutralise(value: object) -> object:
    """Make a text cell inert in spreadsheets; anything that is not text is returned as is.

    A formula start gets a leading apostrophe at the start of the cell and after any
    separator inside it, so that no locale's split of the cell starts a formula.

    >>> neutralise("=1+1"), neutralise("-5"), neutralise(-5), neutralise("ok")
    ("'=1+1", "'-5", -5, 'ok')
    >>> neutralise("Ministry;=cmd|' /C calc'!A0")
    "Ministry;'=cmd|' /C calc'!A0"
    """
    if not isinstance(value, str):
        return value
    value = _INNER_FORMULA.sub(r"\1'\2", value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell neutralised (numbers stay numbers)."""
    out = df.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].astype(object).map(neutralise)
    out.columns = [str(neutralise(str(c))) for c in out.columns]
    return out


def to_csv(df: pd.DataFrame, header: ExportHeader) -> bytes:
    """CSV bytes (UTF-8 with BOM, for spreadsheets) with the header block as ``# `` lines.

    Rows end in CRLF: with a bare LF ending, a carriage return inside a cell was written
    unquoted, and a spreadsheet starts a new row there (``"x\\r=1"`` became a formula).
    """
    buf = io.StringIO()
    for key, value in header.lines():
        buf.write(_csv_line([f"# {key}", str(neutralise(value))]))
    buf.write("\r\n")
    table = safe_frame(df).to_csv(index=False, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(table, newline="")):
        buf.write(_csv_line(row))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _csv_line(cells: list[str]) -> str:
    """One CSV line whose cells holding a separator of any locale (``,`` ``;`` tab), a quote
    or a line break are quoted: Excel in a European locale splits unquoted cells on ``;``.

    >>> _csv_line(["a", "b;c", "d,e"]).rstrip()
    'a,"b;c","d,e"'
    """
    quoted = ('"' + c.replace('"', '""') + '"' if _NEEDS_QUOTES.search(c) else c for c in cells)
    return ",".join(quoted) + "\r\n"


def to_xlsx(df: pd.DataFrame, header: ExportHeader, sheet: str = "data") -> bytes:
    """An Excel workbook: an ``about`` sheet with the header block and the data sheet."""
    buf = io.BytesIO()
    about = pd.DataFrame(header.lines(), columns=["field", "value"])
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        _xlsx_safe(safe_frame(about)).to_excel(writer, sheet_name="about", index=False)
        _xlsx_safe(safe_frame(df)).to_excel(writer, sheet_name=_sheet_name(sheet), index=False)
    return buf.getvalue()


def _xlsx_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Replace control characters a workbook cannot hold (openpyxl refuses them)."""
    out = df.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = (
                out[col]
                .astype(object)
                .map(lambda v: ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v)
            )
    out.columns = [ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(c)) for c in out.columns]
    return out


def _sheet_name(name: str) -> str:
    """A valid sheet name: no ``[]:*?/\\``, at most 31 characters, never empty."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "_", ILLEGAL_CHARACTERS_RE.sub("", name)).strip("'")
    return cleaned[:31] or "data"
