"""The warehouse's schema version, shared by the ETL that writes it and the app that reads it."""

from __future__ import annotations

#: Bump when a public relation changes shape; the app refuses another version with a clear message.
SCHEMA_VERSION = 4
