-- Migration 2: one row per stream with its last revision, so the expected-revision check is a
-- primary-key lookup. Backfilled from the events written by version 1.
CREATE TABLE streams (
  stream_id TEXT    PRIMARY KEY,
  revision  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO streams (stream_id, revision)
  SELECT stream_id, MAX(revision) FROM events GROUP BY stream_id;
