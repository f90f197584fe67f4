"""The brief as a PDF: :mod:`app.brief.content` laid out by typst, offline, the same bytes each time.

typst compiles in-process (no browser, no network): the template ``brief.typ`` receives the
brief as JSON and draws its charts with its own shapes. Only the fonts typst embeds are used
(system fonts are ignored), so that two machines make the same file; the creation date is
the warehouse's build date. The file is PDF/A-2a (archival, tagged) and PDF/UA-1 (accessible).
"""

from __future__ import annotations

import json
from pathlib import Path

import typst

from app.brief.content import Brief, build
from app.queries import DirectReader, Reader

TEMPLATE = Path(__file__).resolve().with_name("brief.typ")
#: PDF/A-2a for archives, PDF/UA-1 for screen readers.
STANDARDS = ["a-2a", "ua-1"]


def typeset(brief: Brief, compiler: typst.Compiler | None = None) -> bytes:
    """The PDF of a built brief. Pass a ``compiler`` to reuse its fonts across many briefs."""
    data = json.dumps(brief, ensure_ascii=False, sort_keys=True, allow_nan=False)
    compiler = compiler or new_compiler()
    pdf = compiler.compile(
        format="pdf",
        sys_inputs={"brief": data},
        pdf_standards=STANDARDS,
        timestamp=int(brief["timestamp"]),
    )
    assert isinstance(pdf, bytes)
    return pdf


def new_compiler() -> typst.Compiler:
    """A typst compiler of the template with typst's embedded fonts only."""
    return typst.Compiler(TEMPLATE, root=TEMPLATE.parent, ignore_system_fonts=True)


def render(
    wh: Reader,
    country: str,
    wave_id: str | None = None,
    lang: str = "en",
    threshold: int | None = None,
    compiler: typst.Compiler | None = None,
) -> bytes:
    """One country's brief for one wave (the latest when None) in one language, as PDF bytes."""
    return typeset(build(wh, country, wave_id, lang, threshold), compiler)


def from_file(path: Path | str, country: str, wave_id: str | None, lang: str, threshold: int) -> bytes:
    """One brief read from the warehouse file at ``path`` with a connection of its own: what
    the profile page's download runs, on a thread of its own, when the button is clicked."""
    return render(DirectReader.open(path), country, wave_id, lang, threshold)
