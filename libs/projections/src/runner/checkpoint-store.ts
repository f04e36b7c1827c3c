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

/**
 * `<dataDir>/projections.db`: one row per read model holding its checkpoint and its snapshot
 * (small states inline, big ones as numbered parts in `read_model_parts`), all written in one
 * transaction, so a crash leaves either the old or the new (state, position) pairs and never a
 * state that disagrees with its position.
 */
export class CheckpointStore {
  private readonly db: Database.Database;

  constructor(
    file: string,
    readonly readOnly = false,
  ) {
    this.db = new Database(file, readOnly ? { readonly: true, fileMustExist: true } : {});
    if (readOnly) return;
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

  /** Runs `read` in one read transaction (rows and parts from the same committed snapshot). */
  reading<T>(read: () => T): T {
    return this.db.transaction(read).deferred();
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
   * `saveAll` one step at a time (ADR 0142): each `next()` writes one part (or one inline row), so
   * a live runner can spread a big snapshot over many event-loop turns. The write transaction stays
   * open between steps (readers keep seeing the previous snapshot) and commits at the last one;
   * `return()` before the end rolls everything back. Nothing else may use this store meanwhile.
   */
  *writing(
    models: readonly SavedModel[],
    onError?: (name: string, err: unknown) => void,
  ): Generator<void, void, void> {
    if (this.readOnly) return;
    const upsert = this.db.prepare(
      `INSERT INTO read_models (name, version, position, state, saved_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET version = excluded.version, position = excluded.position,
         state = excluded.state, saved_at = excluded.saved_at`,
    );
    const clear = this.db.prepare('DELETE FROM read_model_parts WHERE name = ?');
    const insertPart = this.db.prepare('INSERT INTO read_model_parts (name, seq, body) VALUES (?, ?, ?)');
    const savedAt = new Date().toISOString();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const m of models) {
        this.db.exec('SAVEPOINT model');
        try {
          clear.run(m.name);
          if (m.parts) {
            let seq = 0;
            for (const body of m.parts) {
              insertPart.run(m.name, seq++, body);
              yield;
            }
            upsert.run(m.name, m.version, m.position.toString(), CHUNKED, savedAt);
          } else {
            upsert.run(m.name, m.version, m.position.toString(), m.state ?? 'null', savedAt);
            yield;
          }
          this.db.exec('RELEASE model');
        } catch (err) {
          if (!this.db.inTransaction) throw err; // SQLite ended the transaction itself (e.g. disk full)
          this.db.exec('ROLLBACK TO model');
          this.db.exec('RELEASE model');
          if (!onError) throw err;
          onError(m.name, err);
        }
      }
      this.db.exec('COMMIT');
    } finally {
      // An error, or return() from the caller: nothing of this save is kept.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    }
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
