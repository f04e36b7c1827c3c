import Database from 'better-sqlite3';

/** One read model's saved state: its version, the position it reached and its snapshot. */
export interface SavedModel {
  readonly name: string;
  readonly version: number;
  readonly position: bigint;
  readonly state: string;
}

/**
 * `<dataDir>/projections.db`: one row per read model holding its snapshot and its checkpoint
 * together, all rows written in one transaction, so a crash leaves either the old or the new
 * (state, position) pairs and never a state that disagrees with its position.
 */
export class CheckpointStore {
  private readonly db: Database.Database;

  constructor(
    file: string,
    private readonly readOnly = false,
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
    )`);
  }

  load(): Map<string, SavedModel> {
    const rows = this.db.prepare('SELECT name, version, position, state FROM read_models').all() as Array<{
      name: string;
      version: number;
      position: string;
      state: string;
    }>;
    return new Map(rows.map((r) => [r.name, { name: r.name, version: r.version, position: BigInt(r.position), state: r.state }]));
  }

  saveAll(models: readonly SavedModel[]): void {
    if (this.readOnly) return;
    const stmt = this.db.prepare(
      `INSERT INTO read_models (name, version, position, state, saved_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET version = excluded.version, position = excluded.position,
         state = excluded.state, saved_at = excluded.saved_at`,
    );
    const savedAt = new Date().toISOString();
    this.db.transaction(() => {
      for (const m of models) stmt.run(m.name, m.version, m.position.toString(), m.state, savedAt);
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
