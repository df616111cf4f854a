"""The hash chain of the audit log: canonical JSON, entry hashes and chain verification.

Each entry's hash is SHA-256 over the previous entry's hash followed by the
entry's canonical JSON (keys sorted, no spaces, UTF-8). The entry itself
carries its sequence number and the previous hash, so an edited, deleted,
inserted or reordered entry breaks the chain at that entry.

NOTE: a chain proves the order and content of the entries it still has, but
someone who can write the file can cut entries off the end, or rewrite every
hash from an edited entry onwards. Recording the head (``cruce audit head``)
outside the server at intervals, and checking it with ``--anchor``, detects both.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_json(entry: Mapping[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(previous_hash: str, body: str) -> str:
    return hashlib.sha256((previous_hash + body).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainCheck:
    """Result of verifying a chain: ``ok``, how many entries were checked, and the first bad entry if any.

    ``problem`` is a code: ``not_json``, ``sequence`` or ``previous_hash`` (an
    entry deleted, inserted or moved), ``not_canonical`` or ``hash`` (an entry edited).
    """

    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    bad_seq: int | None = None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One stored entry: where it sits (the row's sequence column, or a file's line number), its body and stored hash."""

    position: int
    body: str
    hash: str


def verify_links(
    links: Iterable[ChainLink], *, first_seq: int = 1, previous_hash: str = GENESIS_HASH
) -> ChainCheck:
    """Walk stored entries in order and return where the chain first breaks.

    ``first_seq`` and ``previous_hash`` let an exported segment that starts in
    the middle of the log be checked on its own (see ``verify_segment``).
    """
    expected_seq = first_seq
    checked = 0
    for link in links:
        problem = _link_problem(link, expected_seq, previous_hash)
        if problem is not None:
            return ChainCheck(False, checked, expected_seq - 1, previous_hash, link.position, problem)
        previous_hash = link.hash
        expected_seq += 1
        checked += 1
    return ChainCheck(True, checked, expected_seq - 1, previous_hash)


def verify_segment(entries: Iterable[Mapping[str, Any]]) -> ChainCheck:
    """Verify exported entries (dicts with their ``hash``) from whatever entry comes first; a bad entry is named by line."""
    iterator = iter(entries)
    first = next(iterator, None)
    if first is None:
        return ChainCheck(True, 0, 0, GENESIS_HASH)

    def links() -> Iterable[ChainLink]:
        for line, entry in enumerate([first, *iterator], start=1):
            body = {key: value for key, value in entry.items() if key != "hash"}
            yield ChainLink(line, canonical_json(body), str(entry.get("hash", "")))

    return verify_links(links(), first_seq=int(first.get("seq", 1)), previous_hash=str(first.get("prev_hash", "")))


def _link_problem(link: ChainLink, expected_seq: int, previous_hash: str) -> str | None:
    """Return the code of what is wrong with one entry, or None: not_json, sequence, previous_hash, not_canonical, hash."""
    try:
        entry = json.loads(link.body)
    except json.JSONDecodeError:
        return "not_json"
    if not isinstance(entry, dict):
        return "not_json"

    if entry.get("seq") != expected_seq:
        return "sequence"
    if entry.get("prev_hash") != previous_hash:
        return "previous_hash"
    if canonical_json(entry) != link.body:
        return "not_canonical"
    if entry_hash(previous_hash, link.body) != link.hash:
        return "hash"
    return None
