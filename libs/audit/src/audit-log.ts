/**
 * The audit log's own store, `<dataDir>/audit.db` (better-sqlite3): one row per leaf (its index,
 * the event's global position and the leaf hash), every completed perfect node above the leaves
 * (so a proof costs O(log n) lookups, never a re-hash of the log), and the signed checkpoints.
 *
 * Leaf index = the event's ordinal in the global log. The position↔index mapping is stored,
 * because EventStoreDB's commit positions are not 1, 2, 3, … (SQLite's are: index = position − 1).
 * The in-memory frontier (O(log n)) is rebuilt from the stored nodes on open (read-only, when first
 * needed: `verify` reads leaves and checkpoints only, and reports an audit.db whose right edge lacks
 * a node as tampering, not as an error opening it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { MerkleFrontier, type PerfectNode } from './merkle/frontier';
import { consistencyProof, inclusionProof, treeRoot, type PerfectNodeSource } from './merkle/merkle';
import type { SignedCheckpoint } from './signing';

export const AUDIT_DB_FILE = 'audit.db';

export interface AuditLeaf {
  readonly leafIndex: number;
  readonly position: bigint;
  readonly hash: Buffer;
}

export interface StoredCheckpoint extends SignedCheckpoint {
  /** Global position of the last event in the checkpoint's tree ('0' for the empty tree). */
  readonly lastPosition: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS leaves (
  leaf_index INTEGER PRIMARY KEY,
  position   INTEGER NOT NULL UNIQUE,
  hash       BLOB    NOT NULL
);
CREATE TABLE IF NOT EXISTS nodes (
  level      INTEGER NOT NULL,
  node_index INTEGER NOT NULL,
  hash       BLOB    NOT NULL,
  PRIMARY KEY (level, node_index)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (
  tree_size     INTEGER NOT NULL,
  root_hash     TEXT    NOT NULL,
  timestamp     TEXT    NOT NULL,
  signature     TEXT    NOT NULL,
  key_id        TEXT    NOT NULL,
  last_position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS checkpoints_by_size ON checkpoints (tree_size);
CREATE TABLE IF NOT EXISTS signing_keys (
  key_id TEXT PRIMARY KEY,
  pem    TEXT NOT NULL
) WITHOUT ROWID;
`;

interface CheckpointRow {
  tree_size: bigint;
  root_hash: string;
  timestamp: string;
  signature: string;
  key_id: string;
  last_position: bigint;
}

function toCheckpoint(r: CheckpointRow): StoredCheckpoint {
  return {
    treeSize: Number(r.tree_size),
    rootHash: r.root_hash,
    timestamp: r.timestamp,
    signature: r.signature,
    keyId: r.key_id,
    lastPosition: r.last_position.toString(),
  };
}

export class AuditLog implements PerfectNodeSource {
  private built: MerkleFrontier | undefined;
  private readonly leafCount: number;
  private last: bigint;
  private readonly stmt;

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
    readonly: boolean,
  ) {
    db.defaultSafeIntegers(true);
    this.stmt = {
      insertLeaf: db.prepare<[number, bigint, Buffer]>('INSERT INTO leaves (leaf_index, position, hash) VALUES (?, ?, ?)'),
      insertNode: db.prepare<[number, number, Buffer]>('INSERT OR REPLACE INTO nodes (level, node_index, hash) VALUES (?, ?, ?)'),
      leaf: db.prepare<[number], { position: bigint; hash: Buffer }>('SELECT position, hash FROM leaves WHERE leaf_index = ?'),
      node: db.prepare<[number, number], { hash: Buffer }>('SELECT hash FROM nodes WHERE level = ? AND node_index = ?'),
      indexOf: db.prepare<[bigint], { leaf_index: bigint }>('SELECT leaf_index FROM leaves WHERE position = ?'),
      firstAfter: db.prepare<[bigint], { leaf_index: bigint; position: bigint }>('SELECT leaf_index, position FROM leaves WHERE position > ? ORDER BY position LIMIT 1'),
      size: db.prepare<[], { n: bigint; last: bigint | null }>('SELECT COUNT(*) AS n, MAX(position) AS last FROM leaves'),
      // Rows as arrays (raw): verify reads every leaf, and an object per row is most of its cost.
      leavesFrom: db
        .prepare<[number, number], [bigint, bigint, Buffer]>(
          'SELECT leaf_index, position, hash FROM leaves WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?',
        )
        .raw(true),
      insertCheckpoint: db.prepare<[number, string, string, string, string, bigint]>(
        'INSERT INTO checkpoints (tree_size, root_hash, timestamp, signature, key_id, last_position) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      latestCheckpoint: db.prepare<[], CheckpointRow>('SELECT * FROM checkpoints ORDER BY tree_size DESC, rowid DESC LIMIT 1'),
      checkpoints: db.prepare<[], CheckpointRow>('SELECT * FROM checkpoints ORDER BY tree_size, rowid'),
      recordKey: db.prepare<[string, string]>('INSERT OR IGNORE INTO signing_keys (key_id, pem) VALUES (?, ?)'),
      keyPem: db.prepare<[string], { pem: string }>('SELECT pem FROM signing_keys WHERE key_id = ?'),
    };
    const { n, last } = this.stmt.size.get()!;
    this.last = last ?? 0n;
    this.leafCount = Number(n);
    if (!readonly) void this.frontier; // the writer fails at open on a damaged audit.db, not at its first append
  }

  private get frontier(): MerkleFrontier {
    this.built ??= new MerkleFrontier({ size: this.leafCount, nodes: this.frontierNodes(this.leafCount) });
    return this.built;
  }

  private set frontier(f: MerkleFrontier) {
    this.built = f;
  }

  /** Opens (creating when needed) `<dataDir>/audit.db`; `readonly` for the CLI. */
  static open(dataDir: string, options: { readonly?: boolean } = {}): AuditLog {
    const file = path.join(dataDir, AUDIT_DB_FILE);
    if (options.readonly) {
      if (!fs.existsSync(file)) throw new Error(`审计库不存在 · no audit log at ${file}: start ledger-api once so the audit projection builds it`);
      return new AuditLog(new Database(file, { readonly: true, fileMustExist: true }), file, true);
    }
    fs.mkdirSync(dataDir, { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    return new AuditLog(db, file, false);
  }

  /** The perfect nodes on the right edge of a tree of `size` leaves, largest first. */
  private frontierNodes(size: number): PerfectNode[] {
    const nodes: PerfectNode[] = [];
    let start = 0;
    let width = 1;
    while (width * 2 <= size) width *= 2;
    for (let level = Math.round(Math.log2(width)); width >= 1; width /= 2, level--) {
      if (start + width <= size) {
        nodes.push({ level, index: start / width, hash: this.node(level, start / width) });
        start += width;
      }
    }
    return nodes;
  }

  get size(): number {
    return this.built?.size ?? this.leafCount;
  }

  /** Position of the last event in the tree, 0n when empty. */
  get lastPosition(): bigint {
    return this.last;
  }

  node(level: number, index: number): Buffer {
    const row = level === 0 ? this.stmt.leaf.get(index) : this.stmt.node.get(level, index);
    if (row === undefined) throw new RangeError(`no perfect node at level ${level} index ${index}`);
    return row.hash;
  }

  leaf(leafIndex: number): AuditLeaf | undefined {
    const row = this.stmt.leaf.get(leafIndex);
    return row && { leafIndex, position: row.position, hash: row.hash };
  }

  leafIndexOf(position: bigint): number | undefined {
    const row = this.stmt.indexOf.get(position);
    return row && Number(row.leaf_index);
  }

  /** The first leaf whose position is greater than `position`. */
  firstLeafAfter(position: bigint): { leafIndex: number; position: bigint } | undefined {
    const row = this.stmt.firstAfter.get(position);
    return row && { leafIndex: Number(row.leaf_index), position: row.position };
  }

  *leaves(fromIndex = 0, pageSize = 5000): Generator<AuditLeaf> {
    for (let next = fromIndex; ; ) {
      const rows = this.stmt.leavesFrom.all(next, pageSize);
      for (const r of rows) yield { leafIndex: Number(r[0]), position: r[1], hash: r[2] };
      if (rows.length < pageSize) return;
      next = Number(rows[rows.length - 1][0]) + 1;
    }
  }

  /**
   * Appends leaves in one transaction. Leaves at or before the last position are ignored (a
   * replayed subscription), so appending is idempotent; positions must otherwise increase.
   */
  append(leaves: ReadonlyArray<{ position: bigint; hash: Buffer }>): number {
    const fresh = leaves.filter((l) => l.position > this.last);
    if (fresh.length === 0) return 0;
    const snapshot = this.frontier.state();
    const before = this.last;
    try {
      this.db.transaction(() => {
        for (const leaf of fresh) {
          if (leaf.position <= this.last) throw new Error(`audit log: position ${leaf.position} does not follow ${this.last}`);
          const index = this.frontier.size;
          this.stmt.insertLeaf.run(index, leaf.position, leaf.hash);
          for (const n of this.frontier.append(leaf.hash)) if (n.level > 0) this.stmt.insertNode.run(n.level, n.index, n.hash);
          this.last = leaf.position;
        }
      })();
    } catch (err) {
      // The transaction rolled back: put the in-memory state back too.
      this.frontier = new MerkleFrontier(snapshot);
      this.last = before;
      throw err;
    }
    return fresh.length;
  }

  root(treeSize = this.size): Buffer {
    if (treeSize > this.size) throw new RangeError(`tree size ${treeSize} is beyond the log's ${this.size} leaves`);
    return treeSize === this.size ? this.frontier.root() : treeRoot(this, treeSize);
  }

  inclusionProof(leafIndex: number, treeSize = this.size): Buffer[] {
    if (treeSize > this.size) throw new RangeError(`tree size ${treeSize} is beyond the log's ${this.size} leaves`);
    return inclusionProof(this, leafIndex, treeSize);
  }

  consistencyProof(fromSize: number, toSize = this.size): Buffer[] {
    if (toSize > this.size) throw new RangeError(`tree size ${toSize} is beyond the log's ${this.size} leaves`);
    return consistencyProof(this, fromSize, toSize);
  }

  /** Position of the last event of the tree of `treeSize` leaves (0n for the empty tree). */
  positionAtSize(treeSize: number): bigint {
    if (treeSize === 0) return 0n;
    const leaf = this.leaf(treeSize - 1);
    if (!leaf) throw new RangeError(`tree size ${treeSize} is beyond the log's ${this.size} leaves`);
    return leaf.position;
  }

  saveCheckpoint(checkpoint: SignedCheckpoint): StoredCheckpoint {
    const lastPosition = this.positionAtSize(checkpoint.treeSize);
    this.stmt.insertCheckpoint.run(checkpoint.treeSize, checkpoint.rootHash, checkpoint.timestamp, checkpoint.signature, checkpoint.keyId, lastPosition);
    return { ...checkpoint, lastPosition: lastPosition.toString() };
  }

  /** Remembers a public key (PEM) that signed checkpoints, so exports can carry it. */
  recordSigningKey(keyId: string, publicKeyPem: string): void {
    this.stmt.recordKey.run(keyId, publicKeyPem);
  }

  signingKeyPem(keyId: string): string | undefined {
    return this.stmt.keyPem.get(keyId)?.pem;
  }

  latestCheckpoint(): StoredCheckpoint | undefined {
    const row = this.stmt.latestCheckpoint.get();
    return row && toCheckpoint(row);
  }

  checkpoints(): StoredCheckpoint[] {
    return this.stmt.checkpoints.all().map(toCheckpoint);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
