"""Check an uploaded file as ``python -m etl check`` would, writing nothing that lasts.

The app's file-check page hands the upload's name and bytes here; limits are enforced
before any reader opens the file, the file is saved under its own name in a temporary
folder that is removed afterwards, and :func:`etl.check.check_file` does the checking.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from etl.importers import ctdc, glotip, long_table, recognise
from etl.importers._read import SUFFIXES, xlsx_safety_problem
from etl.problems import EtlError, FileFormatError

#: Largest file the page accepts; real GLOTIP and CTDC downloads are a few MB.
MAX_UPLOAD_MB = 50
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_MAPPING_BYTES = 64 * 1024
FAMILY_OF_IMPORTER = {
    glotip.IMPORTER: "series",
    long_table.IMPORTER: "series",
    ctdc.KANON: "cases",
    ctdc.SYNTHETIC: "cases",
}


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
    'a.txt: only .csv, .xlsx, .parquet files can be checked'
    """
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        return f"{name}: only {', '.join(SUFFIXES)} files can be checked"
    if len(data) > MAX_UPLOAD_BYTES:
        return f"{name}: {len(data) / 2**20:.1f} MB is more than the {MAX_UPLOAD_MB} MB limit"
    if not data:
        return f"{name}: the file is empty"
    if suffix == ".xlsx" and not data.startswith(b"PK\x03\x04"):
        return f"{name}: not an xlsx workbook (an xlsx is a zip archive)"
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
    """Check an upload; ``family`` None recognises it. Raises :class:`UploadRefused`."""
    from etl.check import check_file  # the core's engine, shared with `python -m etl check`

    name = safe_name(name)
    reason = refusal(name, data)
    if reason:
        raise UploadRefused(reason)
    if mapping is not None and len(mapping) > MAX_MAPPING_BYTES:
        raise UploadRefused(f"the mapping is larger than {MAX_MAPPING_BYTES // 1024} KB")
    with tempfile.TemporaryDirectory(prefix="thb-file-check-") as tmp:
        staging = Path(tmp) / "upload"
        staging.mkdir()
        path = staging / name
        path.write_bytes(data)
        if path.suffix.lower() == ".xlsx":
            unsafe = xlsx_safety_problem(path)
            if unsafe:
                raise UploadRefused(f"{name}: {unsafe}")
        if mapping is not None:
            (staging / (name + long_table.SIDECAR_SUFFIX)).write_bytes(mapping)
        try:
            importer = recognise(path)
        except FileFormatError:
            importer = None  # the check below reports why the file cannot be read
        except EtlError as exc:
            raise UploadRefused(str(exc)) from exc
        family = family or FAMILY_OF_IMPORTER.get(importer or "")
        if family:
            # The check takes the family from the folder, as for files in a source folder.
            folder = Path(tmp) / family
            staging.rename(folder)
            path = folder / name
        report = check_file(path, family=family, strict=strict)
    return UploadCheck(name, report.family, importer, report)
