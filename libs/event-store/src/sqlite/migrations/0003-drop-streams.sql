-- Migration 3: the `streams` table of migration 2 goes (ADR 0100). A stream's last revision is
-- the last entry of the UNIQUE (stream_id, revision) index of `events`, one index seek away, and the
-- writer caches it; keeping a second copy cost every append one more B-tree write and one more
-- page in the WAL at each commit.
DROP TABLE streams;
