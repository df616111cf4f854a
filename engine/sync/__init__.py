"""National → international sync: the change log, the sharing rules of the copy, and its replay.

- ``engine.sync.changelog``: every accepted insert, update and withdrawal of a
  source, numbered in order (in the embedded index's transaction, or after a
  search engine acknowledged it).
- ``engine.sync.rules``: which records qualify and what their international copy looks like.
- ``engine.sync.replay``: ``Replicator.run_pass`` applies the changes after the
  checkpoint batch by batch; ``Replicator.lag`` measures how far behind it is.
- ``engine.sync.follow``: the loop of ``cruce sync --follow``.
- ``engine.sync.settings``: the ``[sync]`` table of the sources file.

The package imports nothing at load time, because ``engine.ingest`` (which the
replay uses) logs changes through ``engine.sync.changelog``.
"""
