"""Reading a brief's PDF back as a reader would: its text, its rows, its pages as images."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pdfplumber
import pypdfium2

ROOT = Path(__file__).resolve().parents[2]

#: Spaces Babel and the brief put inside numbers and before French punctuation.
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_BROKEN = re.compile(r"(\w)-\n(\w)")


def flat(text: str) -> str:
    """Text with every run of spaces (line breaks, no-break spaces) as one space."""
    return _SPACES.sub(" ", text).strip()


def stream_text(data: bytes) -> tuple[int, str]:
    """A PDF's page count and its text in the order it was written, flattened like
    :attr:`Pdf.text`: PDFium reads it some twenty times faster than pdfplumber lays it out,
    for tests that read every Party's brief and need its words, not their places."""
    doc = pypdfium2.PdfDocument(data)
    try:
        pages = [doc[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(doc))]
    finally:
        doc.close()
    return len(pages), flat(_BROKEN.sub(r"\1-\2", " ".join(pages)))


@dataclass
class Word:
    text: str
    page: int
    x0: float
    top: float


@dataclass
class Pdf:
    """A PDF's bytes and what pdfplumber reads from them."""

    data: bytes
    _words: list[Word] = field(default_factory=list)

    @cached_property
    def pages(self) -> list[str]:
        with pdfplumber.open(io.BytesIO(self.data)) as doc:
            return [page.extract_text() or "" for page in doc.pages]

    @cached_property
    def text(self) -> str:
        """All pages' text, flattened; a word broken at its hyphen at the end of a line is whole."""
        return flat(_BROKEN.sub(r"\1-\2", " ".join(self.pages)))

    @cached_property
    def words(self) -> list[Word]:
        out = []
        with pdfplumber.open(io.BytesIO(self.data)) as doc:
            for n, page in enumerate(doc.pages):
                out += [Word(flat(w["text"]), n, w["x0"], w["top"]) for w in page.extract_words()]
        return out

    @cached_property
    def metadata(self) -> dict[str, object]:
        with pdfplumber.open(io.BytesIO(self.data)) as doc:
            return dict(doc.metadata)

    @cached_property
    def catalog(self) -> dict[str, object]:
        with pdfplumber.open(io.BytesIO(self.data)) as doc:
            return dict(doc.doc.catalog)

    def lines(self) -> list[str]:
        return [flat(line) for page in self.pages for line in page.splitlines()]

    def row(
        self, label: str, start: tuple[int, float] = (0, 0.0), x_min: float = 400.0
    ) -> tuple[list[str], tuple]:
        """The words right of ``x_min`` on the row a table gives ``label`` (the first time it
        starts a line after ``start``: page and height), and where that row is.

        A wrapped label is centred on its cells, so cells are looked for from just above the
        label's first line to half a line below it.
        """
        first = label.split()
        for i, w in enumerate(self.words):
            if (w.page, w.top) <= start or w.x0 > 120 or w.text != first[0]:
                continue
            # the label's first words (a wrapped label's cells may come before its second line)
            want = first[:4]
            following = [x.text for x in self.words[i:] if x.page == w.page and x.x0 < x_min][: len(want)]
            if following != want:
                continue
            cells = [
                x
                for x in self.words
                if x.page == w.page and x.x0 >= x_min and w.top - 2 <= x.top <= w.top + 6
            ]
            return [x.text for x in sorted(cells, key=lambda x: x.x0)], (w.page, w.top)
        raise AssertionError(f"no row starts with {label!r} after {start}")

    def images(self, folder: Path, stem: str, resolution: int = 110) -> list[Path]:
        """Each page as a PNG in ``folder`` (rendered by PDFium, as a browser's viewer would)."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        with pdfplumber.open(io.BytesIO(self.data)) as doc:
            for n, page in enumerate(doc.pages, start=1):
                path = folder / f"{stem}-{n}.png"
                page.to_image(resolution=resolution).save(path)
                paths.append(path)
        return paths
