"""Person postings of an embedded index copied into arrays, so that bulk jobs rank candidates in memory.

A bulk job needs the candidates of hundreds of thousands of rows. In SQLite
each ranking groups thousands of postings and joins them to the records table,
which costs about 13 ms per row at a million persons. A snapshot contains the
same postings as two arrays (CSR layout: ``offsets`` by key id into
``positions``) over the persons one job may see (active, of one source, shared
with the viewer), so a row's ranking becomes a few array slices, a sort and a
count.

Positions number the visible persons in row-id order, so ordering by position
is ordering by row id, and ``row_ids`` and ``sequences`` map a position back.
The arrays are written with ``numpy.save`` and opened memory-mapped, so the
worker processes of one job share one copy in the page cache.

Unweighted, the ranking is the one ``EmbeddedIndex.person_candidates`` runs in
SQL: persons ordered by the number of blocking keys they share with the query,
ties to the older row. Heavy keys (more than ``heavy_key_postings`` postings)
only add to the count of persons a light key found, unless every key is heavy.
The one difference: a key's size is its number of postings among the visible
persons, where SQL counts every person in the file. Weighted, each shared key
counts ``log(1 + persons / postings)`` instead of 1, so a shared rare surname
outranks a shared common one.

NOTE: a snapshot is the index as it was when the job started. Persons added
later are not candidates. Persons changed or withdrawn later are read as they
are now, because their records are read from the index after ranking.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np

from engine.index.record_json import analysis_and_facts
from engine.index.sqlite import RankedPerson, sharing_filter
from engine.index.sqlite_schema import configure

_FILES = ("offsets", "positions", "row_ids", "sequences", "analysis_offsets")
_ANALYSES = "analyses.bin"
_FETCH = 50_000
_WEIGHT_BITS = 20
_WEIGHT_MASK = (1 << _WEIGHT_BITS) - 1


class PostingsSnapshot:
    """The postings of the persons of one source that one viewer may see, as memory-mapped arrays."""

    def __init__(
        self,
        offsets: np.ndarray,
        positions: np.ndarray,
        row_ids: np.ndarray,
        sequences: np.ndarray,
        analysis_offsets: np.ndarray,
        analyses: np.ndarray,
    ) -> None:
        self.offsets = offsets
        self.positions = positions
        self.row_ids = row_ids
        self.sequences = sequences
        self.analysis_offsets = analysis_offsets
        self.analyses = analyses

    @property
    def persons(self) -> int:
        return int(self.row_ids.size)

    @classmethod
    def build(
        cls,
        database: str | Path,
        directory: str | Path,
        *,
        source: str,
        viewer_country: str | None,
    ) -> PostingsSnapshot:
        """Read the postings of the visible persons of ``source`` from ``database`` into files under ``directory``."""
        target = Path(directory)
        target.mkdir(exist_ok=True)  # not its parents: a job deleted meanwhile must stay deleted
        with (target / _ANALYSES).open("wb") as analyses:
            row_ids, sequences, pairs, analysis_offsets = _read_postings(database, source, viewer_country, analyses)
        pairs.sort()

        keys = pairs >> 32
        key_count = int(keys[-1]) + 1 if keys.size else 0
        offsets = np.zeros(key_count + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys, minlength=key_count), out=offsets[1:])
        del keys
        arrays = {
            "offsets": offsets,
            "positions": (pairs & 0xFFFFFFFF).astype(np.int32),
            "row_ids": row_ids,
            "sequences": sequences,
            "analysis_offsets": analysis_offsets,
        }
        del pairs
        for name in _FILES:
            np.save(target / f"{name}.npy", arrays[name])
        return cls.open(target)

    @classmethod
    def open(cls, directory: str | Path) -> PostingsSnapshot:
        folder = Path(directory)
        # Plain ndarray views of the maps: slicing a ``numpy.memmap`` costs a Python call per slice.
        arrays = [np.load(folder / f"{name}.npy", mmap_mode="r").view(np.ndarray) for name in _FILES]
        size = (folder / _ANALYSES).stat().st_size
        analyses = np.memmap(folder / _ANALYSES, dtype=np.uint8, mode="r").view(np.ndarray) if size else np.zeros(0, dtype=np.uint8)
        return cls(*arrays, analyses)

    def analysed(self, ranked: Sequence[RankedPerson]) -> list[RankedPerson]:
        """Give ranked rows their name analyses and facts as the snapshot stored them; rows without one are left out.

        NOTE: these are the analyses of the records when the job started. A record
        changed since is bounded by its old name, then read and scored as it is now.
        """
        analysed = []
        for row in ranked:
            start, end = int(self.analysis_offsets[row.position]), int(self.analysis_offsets[row.position + 1])
            if start == end:
                continue
            row.analysis, row.facts = analysis_and_facts(self.analyses[start:end].tobytes())
            analysed.append(row)
        return analysed

    def ranked(
        self,
        key_ids: Sequence[int],
        *,
        limit: int,
        heavy_key_postings: int,
        weighted: bool = False,
        floor_fraction: float = 0.0,
    ) -> list[RankedPerson]:
        """Rank the visible persons by the given keys they carry, counted or weighted; at most ``limit`` rows.

        ``RankedPerson.shared`` is the count, or the weight sum times 1,000 when
        weighted. With ``floor_fraction``, only persons whose count reaches that
        fraction of the best count are kept.
        """
        if limit <= 0:
            return []
        requested = np.unique(np.asarray(key_ids, dtype=np.int64))
        requested = requested[(requested >= 0) & (requested < self.offsets.size - 1)]
        starts = self.offsets[requested]
        ends = self.offsets[requested + 1]
        carried = ends > starts
        starts, ends = starts[carried], ends[carried]
        if not starts.size:
            return []

        sizes = ends - starts
        weights = np.rint(1000 * np.log1p(self.persons / sizes)).astype(np.int64) if weighted else np.ones(sizes.size, dtype=np.int64)
        light = sizes <= heavy_key_postings
        if not light.any():
            light[:] = True
        found = np.concatenate([self.positions[start:end] for start, end in zip(starts[light], ends[light])])
        # Each posting carries its key's weight in its low bits, so one plain sort groups the postings by person.
        tagged = (found.astype(np.int64) << _WEIGHT_BITS) | np.repeat(weights[light], sizes[light])
        tagged.sort()
        people = tagged >> _WEIGHT_BITS
        first = np.flatnonzero(np.concatenate(([True], people[1:] != people[:-1])))
        candidates = people[first]
        shared = np.add.reduceat(tagged & _WEIGHT_MASK, first)

        heavy_weights = weights[~light]
        if floor_fraction > 0 and heavy_weights.size:
            # The best count only grows, so a person that cannot reach the floor even with every heavy key is out now.
            reachable = shared + int(heavy_weights.sum()) >= shared.max() * floor_fraction
            candidates, shared = candidates[reachable], shared[reachable]

        for start, end, weight in zip(starts[~light], ends[~light], heavy_weights):
            postings = self.positions[start:end]
            at = np.minimum(np.searchsorted(postings, candidates), postings.size - 1)
            shared += (postings[at] == candidates) * weight

        best = int(shared.max())
        if floor_fraction > 0:
            close = shared >= best * floor_fraction
            candidates, shared = candidates[close], shared[close]

        # Highest count first, then the older row: one sort on a combined key.
        order_key = ((best - shared) << 32) | candidates.astype(np.int64)
        if order_key.size > limit:
            order_key = np.partition(order_key, limit - 1)[:limit]
        order_key.sort()
        top = order_key & 0xFFFFFFFF
        return [
            RankedPerson(row_id, sequence, best - (key >> 32), position=position)
            for row_id, sequence, key, position in zip(
                self.row_ids[top].tolist(), self.sequences[top].tolist(), order_key.tolist(), top.tolist()
            )
        ]


def _read_postings(
    database: str | Path, source: str, viewer_country: str | None, analyses: BinaryIO
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Read the visible persons' row ids, write sequences and (key id << 32 | position) pairs, chunk by chunk.

    Each person's name analysis and score facts go to ``analyses`` as the JSON
    ``[analysis, [birth dates, sex, nationalities]]``. The last array returned
    gives where each position's text starts and ends.

    The connection maps no memory: the scan reads every record body once, and
    mapped pages would count as this process's memory.
    """
    sharing, sharing_parameters = sharing_filter(viewer_country)
    connection = sqlite3.connect(database, isolation_level=None)
    row_parts: list[np.ndarray] = []
    sequence_parts: list[np.ndarray] = []
    pair_parts: list[np.ndarray] = []
    length_parts: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]
    position = 0
    try:
        configure(connection)
        connection.execute("PRAGMA mmap_size = 0")
        connection.execute("BEGIN")
        cursor = connection.execute(
            "SELECT r.id, r.seq, b.key_ids, coalesce('[' || b.analysis || ',' || "
            "json_extract(b.body, '$.birth_dates', '$.sex', '$.nationalities') || ']', '') "
            "FROM records AS r JOIN record_bodies AS b ON b.id = r.id "
            f"WHERE r.kind = 'person' AND r.status = 'active' AND r.source = ? AND {sharing} ORDER BY r.id",
            [source, *sharing_parameters],
        )
        while chunk := cursor.fetchmany(_FETCH):
            row_ids, sequences, blobs, texts = zip(*chunk)
            encoded = [text.encode() for text in texts]
            analyses.write(b"".join(encoded))
            length_parts.append(np.fromiter((len(text) for text in encoded), dtype=np.int64, count=len(encoded)))
            row_parts.append(np.asarray(row_ids, dtype=np.int64))
            sequence_parts.append(np.asarray(sequences, dtype=np.int64))
            # Key ids are stored packed as little-endian 32-bit integers (``sqlite_writes._pack``).
            lengths = np.fromiter((len(blob) >> 2 for blob in blobs), dtype=np.int64, count=len(blobs))
            key_ids = np.frombuffer(b"".join(blobs), dtype="<i4").astype(np.int64)
            positions = np.repeat(np.arange(position, position + len(chunk), dtype=np.int64), lengths)
            pair_parts.append((key_ids << 32) | positions)
            position += len(chunk)
        connection.execute("COMMIT")
    finally:
        connection.close()

    def joined(parts: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    return joined(row_parts), joined(sequence_parts), joined(pair_parts), np.cumsum(joined(length_parts))
