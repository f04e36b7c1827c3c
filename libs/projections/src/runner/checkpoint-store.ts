import Database from 'better-sqlite3';

/**
 * One read model's saved state: its version, the position it reached and its snapshot, either as
 * one JSON text (`state`) or as parts (`parts`: a header then chunks, see snapshot-parts.ts).
 */
export interface SavedModel {
  readonly name: string;
  readonly version: number;
  readonly position: bigint;
  readonly state?: string;
  readonly parts?: Iterable<string>;
}

/** A loaded row: `chunked` rows keep their snapshot in `read_model_parts` (read with `parts`). */
export interface LoadedModel {
  readonly name: string;
  readonly version: number;
  readonly position: bigint;
  readonly state: string;
  readonly chunked: boolean;
}

/** `state` of a row whose snapshot lives in `read_model_parts` (a JSON text is never empty). */
const CHUNKED = '';

/** The statements a snapshot is written with (also sent to the background writer's thread). */
export const SNAPSHOT_SQL = {
  upsert: `INSERT INTO read_models (name, version, position, state, saved_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(name) DO UPDATE SET version = excluded.version, position = excluded.position,
      state = excluded.state, saved_at = excluded.saved_at`,
  clear: 'DELETE FROM read_model_parts WHERE name = ?',
  insertPart: 'INSERT INTO read_model_parts (name, seq, body) VALUES (?, ?, ?)',
} as const;

/**
 * How long a connection to projections.db waits for the other's write lock: a save on the runner's
 * own turn may wait for the background writer's commit, and the writer for such a save (ADR 0142).
 */
export const LOCK_TIMEOUT_MS = 60_000;

/** A model's checkpoint row: name, version, position, state (`''` when in parts), saved_at. */
export type CheckpointRow = [string, number, string, string, string];

/**
 * Where `CheckpointStore.writing` sends a snapshot, in this order: begin, then per model `model`,
 * its parts and its `row` (or `dropModel` if cutting it failed), then `commit`, or `rollback`.
 */
export interface SnapshotSink {
  begin(): void;
  /** Opens the model's savepoint and clears its previous parts. */
  model(name: string): void;
  part(name: string, seq: number, body: string): void;
  /** Writes the model's row and releases its savepoint. */
  row(row: CheckpointRow): void;
  /** Rolls the model back to its savepoint (its previous row and parts stay). */
  dropModel(): void;
  commit(): void;
  rollback(): void;
  /** False once SQLite has ended the transaction by itself (then nothing can be kept). */
  readonly inTransaction: boolean;
}

/**
 * The page size of a new `projections.db` (ADR 0176): a big snapshot's parts are megabytes each, all
 * in overflow pages, and the writer thread wrote them a 4 KiB page (a WAL frame) at a time: at a
 * million events a live snapshot's fold paused ~11 s waiting for it, ~8 s with 64 KiB pages (the
 * cut's own work). A file made before keeps its pages; deleting it (the read models replay) makes a
 * new one.
 */
export const SNAPSHOT_PAGE_SIZE = 65_536;

/**
 * `<dataDir>/projections.db`: one row per read model holding its checkpoint and its snapshot
 * (small states inline, big ones as numbered parts in `read_model_parts`), all written in one
 * transaction, so a crash leaves either the old or the new (state, position) pairs and never a
 * state that disagrees with its position.
 */
export class CheckpointStore {
  private readonly db: Database.Database;

  constructor(
    readonly file: string,
    readonly readOnly = false,
  ) {
    this.db = new Database(
      file,
      readOnly ? { readonly: true, fileMustExist: true } : { timeout: LOCK_TIMEOUT_MS },
    );
    if (readOnly) return;
    // Before anything is written (a no-op on a file that has pages already, ADR 0176).
    this.db.pragma(`page_size = ${SNAPSHOT_PAGE_SIZE}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS read_models (
      name TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      position TEXT NOT NULL,
      state TEXT NOT NULL,
      saved_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS read_model_parts (
      name TEXT NOT NULL,
      seq INTEGER NOT NULL,
      body TEXT NOT NULL,
      PRIMARY KEY (name, seq)
    ) WITHOUT ROWID`);
  }

  load(): Map<string, LoadedModel> {
    const rows = this.db.prepare('SELECT name, version, position, state FROM read_models').all() as Array<{
      name: string;
      version: number;
      position: string;
      state: string;
    }>;
    return new Map(
      rows.map((r) => [
        r.name,
        {
          name: r.name,
          version: r.version,
          position: BigInt(r.position),
          state: r.state,
          chunked: r.state === CHUNKED,
        },
      ]),
    );
  }

  /**
   * Begins a read transaction that stays open across event-loop turns, until the function it
   * answers is called (a restore in slices, ADR 0146): every read meanwhile sees the same committed
   * snapshot, whatever another connection commits. Close the `parts()` being read before ending it.
   */
  beginReading(): () => void {
    this.db.exec('BEGIN DEFERRED');
    return () => {
      if (this.db.inTransaction) this.db.exec('COMMIT');
    };
  }

  /** The parts of a chunked snapshot, in order, read lazily (one row alive at a time). */
  *parts(name: string): Generator<string> {
    if (!this.hasPartsTable()) return;
    const stmt = this.db.prepare('SELECT body FROM read_model_parts WHERE name = ? ORDER BY seq').pluck();
    for (const body of stmt.iterate(name)) yield body as string;
  }

  /**
   * Writes every model in one transaction. A model whose snapshot throws while being produced
   * keeps its previous row and parts (its own savepoint is rolled back); `onError` is told.
   */
  saveAll(models: readonly SavedModel[], onError?: (name: string, err: unknown) => void): void {
    const steps = this.writing(models, onError);
    while (!steps.next().done);
  }

  /**
   * `saveAll` one step at a time (ADR 0142): each `next()` hands one part (or one inline row) to
   * `sink`, this store's own connection by default or the background writer (checkpoint-writer.ts),
   * so a live runner can spread a big snapshot over many event-loop turns. The write transaction
   * stays open between steps (readers keep seeing the previous snapshot) and commits after the
   * last one; `return()` before the end rolls everything back. Nothing else may write meanwhile.
   */
  *writing(
    models: readonly SavedModel[],
    onError?: (name: string, err: unknown) => void,
    to?: SnapshotSink,
  ): Generator<void, void, void> {
    if (this.readOnly) return;
    const sink = to ?? this.ownSink();
    const savedAt = new Date().toISOString();
    let committed = false;
    sink.begin();
    try {
      for (const m of models) {
        sink.model(m.name);
        try {
          if (m.parts) {
            let seq = 0;
            for (const body of m.parts) {
              sink.part(m.name, seq++, body);
              yield;
            }
            sink.row([m.name, m.version, m.position.toString(), CHUNKED, savedAt]);
          } else {
            sink.row([m.name, m.version, m.position.toString(), m.state ?? 'null', savedAt]);
            yield;
          }
        } catch (err) {
          if (!sink.inTransaction) throw err; // SQLite ended the transaction itself (e.g. disk full)
          sink.dropModel();
          if (!onError) throw err;
          onError(m.name, err);
        }
      }
      sink.commit();
      committed = true;
    } finally {
      // An error, or return() from the caller: nothing of this save is kept.
      if (!committed) sink.rollback();
    }
  }

  /** Writes on this store's connection, statement by statement, as `writing` hands them over. */
  private ownSink(): SnapshotSink {
    const db = this.db;
    const upsert = db.prepare(SNAPSHOT_SQL.upsert);
    const clear = db.prepare(SNAPSHOT_SQL.clear);
    const insertPart = db.prepare(SNAPSHOT_SQL.insertPart);
    return {
      begin: () => db.exec('BEGIN IMMEDIATE'),
      model: (name) => {
        db.exec('SAVEPOINT model');
        clear.run(name);
      },
      part: (name, seq, body) => insertPart.run(name, seq, body),
      row: (row) => {
        upsert.run(...row);
        db.exec('RELEASE model');
      },
      dropModel: () => {
        db.exec('ROLLBACK TO model');
        db.exec('RELEASE model');
      },
      commit: () => db.exec('COMMIT'),
      rollback: () => {
        if (db.inTransaction) db.exec('ROLLBACK');
      },
      get inTransaction() {
        return db.inTransaction;
      },
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private hasPartsTable(): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'read_model_parts'")
        .get() !== undefined
    );
  }
}
