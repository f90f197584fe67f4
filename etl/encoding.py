"""Text files that are not UTF-8: Windows-1252 is read, with a warning; others are refused.

Spreadsheets on Windows save "CSV" in the machine's code page, Windows-1252 in Western
Europe. ``charset-normalizer`` (a maintained detector) names the likely encoding; a file is
read as Windows-1252 when that guess is a European single-byte code page and the text it
gives is made of letters and typography, not of the symbols a misread multi-byte file
(Shift-JIS, UTF-16) produces.
"""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

#: Bytes given to the detector: enough for a guess, bounded for a large file.
SAMPLE_BYTES = 4 * 1024 * 1024
#: Share of non-ASCII characters that must be Latin letters or typographic punctuation.
MIN_LATIN_SHARE = 0.8
_EUROPEAN = ("cp125", "cp775", "cp85", "latin", "iso8859", "mac_")
_TYPOGRAPHY = set("’‘“”–—€…«»°§")


def is_utf8(path: Path) -> bool:
    """Whether the whole file decodes as UTF-8 (read in chunks, never whole)."""
    check = Utf8Check()
    with path.open("rb") as handle:
        while (chunk := handle.read(8 * 1024 * 1024)) and check.feed(chunk):
            pass
    return check.result()


class Utf8Check:
    """Whether the chunks fed, in order, decode as UTF-8.

    A chunk of ASCII alone, met with no character left open, is UTF-8 without decoding it:
    most chunks of most files are, and telling so is many times faster than decoding.
    """

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._ok = True

    def feed(self, chunk: bytes) -> bool:
        """Take the next chunk; False once the text is known not to be UTF-8."""
        if self._ok and not (chunk.isascii() and not self._decoder.getstate()[0]):
            try:
                self._decoder.decode(chunk)
            except UnicodeDecodeError:
                self._ok = False
        return self._ok

    def result(self) -> bool:
        """The answer, once every chunk was fed."""
        if self._ok:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self._ok = False
        return self._ok


def is_windows_1252(path: Path) -> bool:
    """Whether a non-UTF-8 file reads as Windows-1252 text (see the module's rule)."""
    from charset_normalizer import from_bytes

    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    guess = from_bytes(sample).best()
    if guess is None or not guess.encoding.startswith(_EUROPEAN):
        return False
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return False  # bytes Windows-1252 leaves undefined
    wide = [c for c in text if ord(c) > 127]
    latin = sum(1 for c in wide if "\u00c0" <= c <= "\u00ff" or c in _TYPOGRAPHY)
    return bool(wide) and latin / len(wide) >= MIN_LATIN_SHARE


def utf8_copy(path: Path) -> tuple[Path, tempfile.TemporaryDirectory]:
    """A UTF-8 copy of a Windows-1252 file, under the same name in a temporary folder."""
    folder = tempfile.TemporaryDirectory(prefix="thb-utf8-")
    target = Path(folder.name) / path.name
    with (
        path.open("r", encoding="cp1252", newline="") as src,
        target.open("w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(4 * 1024 * 1024):
            dst.write(chunk)
    return target, folder
