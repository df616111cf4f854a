"""Keep query text and keys out of the ordinary application log.

uvicorn's access log writes each request line with its query string, which for
a page such as ``/search?name=...`` is the officer's query. The filter below
logs the path only. The audit log, not this log, records what was asked.
"""

from __future__ import annotations

import logging

ACCESS_LOGGER = "uvicorn.access"


class PathOnlyFilter(logging.Filter):
    """Drop the query string from uvicorn access-log records (args: client, method, path, version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def install_path_only_access_log() -> None:
    """Install the filter once on uvicorn's access logger."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(existing, PathOnlyFilter) for existing in logger.filters):
        logger.addFilter(PathOnlyFilter())
