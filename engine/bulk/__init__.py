"""Bulk match jobs: a whole list (manifest, roster) matched against every visible source.

Importing the package registers its messages with ``engine.i18n``.
"""

from engine.bulk import messages as _messages  # noqa: F401
