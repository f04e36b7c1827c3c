import * as fs from 'node:fs';
import * as path from 'node:path';
import type Database from 'better-sqlite3';

/** The migrations directory: `.sql` files named `NNNN-title.sql`, copied into dist by copy-assets. */
export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration shipped with this version of the adapter, in order. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}-.+\.sql$/.test(f))
    .sort()
    .map((name) => ({
      version: Number(name.slice(0, 4)),
      name,
      sql: fs.readFileSync(path.join(dir, name), 'utf8'),
    }));
}

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `events.db has schema version ${found}, newer than this build knows (${known}); refusing to open it`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Brings the file's schema (`PRAGMA user_version`) up to the newest migration. Each migration runs
 * in its own transaction together with its `user_version` bump, so a crash leaves a valid version.
 * Returns the version after migrating.
 */
export function migrate(db: Database.Database, migrations: Migration[] = loadMigrations()): number {
  const known = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  let current = Number(db.pragma('user_version', { simple: true }));
  if (current > known) throw new SchemaTooNewError(current, known);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    current = m.version;
  }
  return current;
}
