-- Migration 1: the global log. `position` is the rowid alias, so positions are 1, 2, 3, …
-- assigned inside the writer's transaction (never by AUTOINCREMENT gaps).
CREATE TABLE events (
  position  INTEGER PRIMARY KEY,
  event_id  TEXT    NOT NULL UNIQUE,
  stream_id TEXT    NOT NULL,
  revision  INTEGER NOT NULL,
  type      TEXT    NOT NULL,
  data      TEXT    NOT NULL,
  metadata  TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
