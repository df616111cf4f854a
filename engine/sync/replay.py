"""Replay the change log of the national source into the international source.

A pass reads the changes after the checkpoint in batches. For each batch it
reads the current state of every changed record from the national source. It
stores a copy of each record that qualifies (``engine.sync.rules``) in the
international source and withdraws the copy of every record that was withdrawn
or no longer qualifies. Then it saves the checkpoint. Copies carry the national
version, so the index's own version rule makes a replay idempotent: the same
batch applied twice stores the same thing, and an older version never
replaces a newer one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from engine.index.base import RejectedRecord
from engine.ingest import store_records, withdraw_records
from engine.records import Record, RecordKind
from engine.runtime import Runtime
from engine.sync.changelog import Change, source_change_log
from engine.sync.checkpoint import Checkpoint, Checkpoints
from engine.sync.rules import copy_record_id, international_copy, qualifies
from engine.sync.settings import SyncSettings, sync_settings

log = logging.getLogger("cruce.sync")


@dataclass(slots=True)
class BatchReport:
    """The effect of one applied batch of changes on the international source."""

    first_seq: int
    last_seq: int
    changes: int
    copied: int = 0
    stale: int = 0
    withdrawn: int = 0
    rejected: list[RejectedRecord] = field(default_factory=list)
    copied_ids: list[str] = field(default_factory=list)  # copies stored (or found at the same version)
    withdrawn_ids: list[str] = field(default_factory=list)  # active copies sent for withdrawal


@dataclass(slots=True)
class PassReport:
    """The sum of the batches of one pass, and the checkpoint it ended at."""

    batches: int = 0
    changes: int = 0
    copied: int = 0
    stale: int = 0
    withdrawn: int = 0
    rejected: list[RejectedRecord] = field(default_factory=list)
    checkpoint: Checkpoint = field(default_factory=Checkpoint)

    def add(self, batch: BatchReport) -> None:
        self.batches += 1
        self.changes += batch.changes
        self.copied += batch.copied
        self.stale += batch.stale
        self.withdrawn += batch.withdrawn
        self.rejected.extend(batch.rejected)


@dataclass(frozen=True, slots=True)
class SyncLag:
    """How far the international source is behind the national change log.

    ``seconds_behind`` is the age of the oldest change not yet applied (0 when
    every change is applied).
    """

    from_source: str
    to_source: str
    checkpoint_seq: int
    newest_seq: int
    changes_behind: int
    seconds_behind: float
    applied: int
    checkpoint_saved_at: float | None

    def to_dict(self) -> dict[str, object]:
        return {
            "from_source": self.from_source,
            "to_source": self.to_source,
            "checkpoint_seq": self.checkpoint_seq,
            "newest_seq": self.newest_seq,
            "changes_behind": self.changes_behind,
            "seconds_behind": round(self.seconds_behind, 3),
            "applied": self.applied,
            "checkpoint_saved_at": self.checkpoint_saved_at,
        }


class Replicator:
    """Replays one national source into one international source for a running Cruce."""

    def __init__(self, runtime: Runtime, settings: SyncSettings | None = None) -> None:
        self.runtime = runtime
        self.settings = settings or sync_settings(runtime.config)
        self.checkpoints = Checkpoints(self.settings.checkpoint_path)
        self._national = runtime.backend_for(self.settings.from_source)
        self._international = runtime.backend_for(self.settings.to_source)
        self._source_owner = runtime.config.source(self.settings.from_source).owner
        self._change_log = source_change_log(self._national, self.settings.changelog_path)

    def run_pass(
        self,
        *,
        max_batches: int | None = None,
        on_batch: Callable[[BatchReport], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> PassReport:
        """Apply every change after the checkpoint (at most ``max_batches`` batches), saving the checkpoint after each.

        ``should_stop`` is asked between batches; a stopped pass has applied and
        checkpointed whole batches only.
        """
        settings = self.settings
        report = PassReport(checkpoint=self.checkpoints.load(settings.pair))
        while max_batches is None or report.batches < max_batches:
            if should_stop is not None and should_stop():
                break
            changes = self._change_log.read(settings.from_source, report.checkpoint.seq, settings.batch_size)
            if not changes:
                break

            batch = self.apply(changes)
            report.checkpoint = self.checkpoints.save(settings.pair, batch.last_seq, batch.changes)
            report.add(batch)
            log.info(
                "sync batch applied pair=%s seq=%d..%d changes=%d copied=%d withdrawn=%d rejected=%d",
                settings.pair, batch.first_seq, batch.last_seq, batch.changes, batch.copied, batch.withdrawn, len(batch.rejected),
            )
            if on_batch is not None:
                on_batch(batch)
        return report

    def apply(self, changes: list[Change]) -> BatchReport:
        """Bring the international copies of the changed records to the records' current state."""
        settings = self.settings
        batch = BatchReport(changes[0].seq, changes[-1].seq, len(changes))
        latest: dict[tuple[RecordKind, str], Change] = {}
        for change in changes:
            latest[(change.kind, change.record_id)] = change

        copies: list[Record] = []
        withdrawals: dict[RecordKind, list[str]] = {}
        for kind, record_id in latest:
            current = self._national.get(kind, settings.from_source, record_id, None)
            if current is not None and qualifies(current, settings):
                copies.append(international_copy(current, self._source_owner, settings.to_source))
            else:
                copy_id = copy_record_id(self._source_owner, settings.from_source, record_id)
                withdrawals.setdefault(kind, []).append(copy_id)

        if copies:
            stored = store_records(self.runtime, settings.to_source, copies)
            batch.copied, batch.stale, batch.rejected = stored.accepted, stored.stale, list(stored.rejected)
            refused = {item.record_id for item in stored.rejected}
            batch.copied_ids = [copy.record_id for copy in copies if copy.record_id not in refused]
            for item in stored.rejected:
                log.warning("sync copy rejected pair=%s record_id=%s reason=%s", settings.pair, item.record_id, item.reason)
        for kind, copy_ids in withdrawals.items():
            active_ids = [copy_id for copy_id in copy_ids if self._copy_is_active(kind, copy_id)]
            if active_ids:
                batch.withdrawn += withdraw_records(self.runtime, kind, settings.to_source, active_ids)
                batch.withdrawn_ids.extend(active_ids)
        return batch

    def _copy_is_active(self, kind: RecordKind, copy_id: str) -> bool:
        """Tell whether the international source contains an active copy, to skip withdrawals that would change nothing."""
        return self._international.get(kind, self.settings.to_source, copy_id, None) is not None

    def lag(self) -> SyncLag:
        """Read the lag from the change log and the checkpoint on disk (another process may be syncing)."""
        settings = self.settings
        checkpoint = self.checkpoints.load(settings.pair)
        pending = self._change_log.pending(settings.from_source, checkpoint.seq)
        seconds = max(0.0, time.time() - pending.oldest_at) if pending.oldest_at is not None else 0.0
        return SyncLag(
            settings.from_source, settings.to_source, checkpoint.seq, pending.newest_seq,
            pending.changes, seconds, checkpoint.applied, checkpoint.saved_at,
        )

    def close(self) -> None:
        self._change_log.close()
        self.checkpoints.close()
