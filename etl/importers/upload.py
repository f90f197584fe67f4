"""Check an uploaded file as ``python -m etl check`` would, writing nothing that lasts.

The app's file-check page hands the upload's name and bytes here; limits are enforced
before any reader opens the file, the file is saved under its own name in a temporary
folder that is removed afterwards, and :func:`etl.check.check_file` does the checking.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from etl.importers import long_table, recognise
from etl.importers._read import SUFFIXES, xlsx_safety_problem
from etl.problems import EtlError, FileFormatError

#: What can be checked: a table, or a zip of one survey wave folder.
UPLOAD_SUFFIXES = (*SUFFIXES, ".zip")
#: Largest file the page accepts; real GLOTIP and CTDC downloads are a few MB.
MAX_UPLOAD_MB = 50
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_MAPPING_BYTES = 64 * 1024
#: Decoded values an uploaded Parquet file may hold, as its footer says (the build allows 2 GiB).
MAX_PARQUET_DECODED = 128 * 1024 * 1024


class UploadRefused(EtlError):
    """The upload breaks a limit (size, type, zip bomb); the message says which."""


@dataclass
class UploadCheck:
    """What the ETL would do with an upload; ``report`` is an :class:`etl.check.FileReport`."""

    name: str
    family: str | None
    importer: str | None
    report: object


MAX_NAME_BYTES = 200


def safe_name(name: str) -> str:
    """The upload's own file name, without any folder part.

    >>> safe_name("C:\\\\Users\\\\me\\\\glotip.xlsx"), safe_name("../../x.csv")
    ('glotip.xlsx', 'x.csv')
    """
    base = Path(name.replace("\\", "/")).name.strip()
    if not base or base.startswith(".") or re.search(r"[\x00-\x1f]", base):
        raise UploadRefused(f"{name!r} is not a usable file name")
    stem, suffix = Path(base).stem, Path(base).suffix
    # file systems take 255 bytes a name: keep the suffix, shorten the stem
    while len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return stem + suffix


def refusal(name: str, data: bytes) -> str | None:
    """Why the upload is refused before reading, or None.

    >>> refusal("a.txt", b"x")
    'a.txt: only .csv, .xlsx, .parquet, .zip files can be checked'
    """
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return f"{name}: only {', '.join(UPLOAD_SUFFIXES)} files can be checked"
    if len(data) > MAX_UPLOAD_BYTES:
        return f"{name}: {len(data) / 2**20:.1f} MB is more than the {MAX_UPLOAD_MB} MB limit"
    if not data:
        return f"{name}: the file is empty"
    if suffix in (".xlsx", ".zip") and not data.startswith(b"PK\x03\x04"):
        kind = "an xlsx workbook" if suffix == ".xlsx" else "a zip archive"
        return f"{name}: not {kind} (an xlsx is a zip archive too)"
    if suffix == ".parquet" and not (data.startswith(b"PAR1") and data.endswith(b"PAR1")):
        return f"{name}: not a Parquet file"
    if suffix == ".csv" and b"\x00" in data[:8192]:
        return f"{name}: a binary file, not CSV text"
    return None


def check_upload(
    name: str,
    data: bytes,
    *,
    family: str | None = None,
    strict: bool = False,
    mapping: bytes | None = None,
) -> UploadCheck:
    """Check an upload; ``family`` None recognises it. Raises :class:`UploadRefused` only.

    Any other failure, however the file is broken, comes back as a named problem of the
    report; no problem names the temporary folder the upload was written to.
    """
    from etl.check import check_file  # the core's engine, shared with `python -m etl check`

    name = safe_name(name)
    reason = refusal(name, data)
    if reason:
        raise UploadRefused(reason)
    if mapping is not None and len(mapping) > MAX_MAPPING_BYTES:
        raise UploadRefused(f"the mapping is larger than {MAX_MAPPING_BYTES // 1024} KB")
    with tempfile.TemporaryDirectory(prefix="thb-file-check-") as tmp:
        path = Path(tmp) / name
        try:
            path.write_bytes(data)
        except OSError as exc:  # e.g. a name the file system refuses
            raise UploadRefused(f"{name}: {exc.strerror or 'cannot be stored for the check'}") from None
        unsafe = _unsafe(path)
        if unsafe:
            raise UploadRefused(f"{name}: {unsafe}")
        if mapping is not None:
            (Path(tmp) / (name + long_table.SIDECAR_SUFFIX)).write_bytes(mapping)
        if path.suffix.lower() == ".zip":
            from etl.check import check_zip

            report, importer = check_zip(path, strict=strict), None
        else:
            try:
                importer = recognise(path)
            except Exception:  # the check below names why the file cannot be read
                importer = None
            report = check_file(path, family=family, strict=strict)
        _strip_folder(report, Path(tmp))
    return UploadCheck(name, report.family, importer if report.layout == importer else None, report)


def _unsafe(path: Path) -> str | None:
    """Why a stored upload must not be read at all (zip bomb, over-expanding Parquet), or None."""
    if path.suffix.lower() == ".xlsx":
        return xlsx_safety_problem(path)
    if path.suffix.lower() == ".parquet":
        from etl.readers import parquet_file

        try:
            parquet_file(path, max_decoded=MAX_PARQUET_DECODED)
        except FileFormatError as exc:
            problem = exc.problem
            return f"{problem.value}; expected {problem.expected}"
    return None


def _strip_folder(report, folder: Path) -> None:
    """File names only, and no temporary folder in any value or reason."""
    cleaned = []
    for problem in report.problems:
        texts = [getattr(problem, k) for k in ("value", "expected", "fix")]
        for prefix in (str(folder.resolve()) + "/", str(folder) + "/", str(folder.resolve()), str(folder)):
            texts = [t.replace(prefix, "") if isinstance(t, str) else t for t in texts]
        cleaned.append(
            dataclasses.replace(
                problem, file=Path(problem.file).name, value=texts[0], expected=texts[1], fix=texts[2]
            )
        )
    report.problems = cleaned
    report.file = Path(report.file).name
