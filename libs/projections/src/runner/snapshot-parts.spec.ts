import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as fc from 'fast-check';
import type { LedgerView } from '@ledger/domain';
import {
  CITY_COMPLIANCE,
  cachedFindings,
  type CityComplianceState,
} from '../city-compliance/city-compliance.projection';
import { allSubjects, evaluateSubjectFindings } from '../city-compliance/compliance-engine';
import { seedDemo } from '../demo/seed-demo';
import { LEDGER_VIEW, ledgerViewProjection } from '../ledger-view/ledger-view.projection';
import { allReadModels } from '../read-models';
import { InMemoryEventStore } from '@ledger/event-store/testing/in-memory-event-store';
import { CheckpointStore } from './checkpoint-store';
import { ProjectionRunner } from './projection-runner';
import {
  PART_CHARS,
  PART_ENTRIES,
  restoreParts,
  restoringParts,
  runToEnd,
  snapshotParts,
} from './snapshot-parts';

const TODAY = '2026-11-27';
const today = () => TODAY;

describe('chunked snapshots (snapshot-parts)', () => {
  it('round-trips Maps, Maps nested one level, records and scalars, keeping key order (property)', () => {
    const entries = fc.uniqueArray(fc.tuple(fc.string({ maxLength: 6 }), fc.jsonValue()), {
      selector: (e) => e[0],
      maxLength: 2_500,
    });
    fc.assert(
      fc.property(
        entries,
        entries,
        fc.dictionary(fc.string({ maxLength: 6 }), fc.integer()),
        fc.option(fc.string()),
        (a, b, record, scalar) => {
          const state = {
            kind: 'k',
            a: new Map(a),
            index: { x: new Map(b), y: new Map<string, unknown>() },
            record,
            scalar,
            n: a.length,
          };
          const parts = [...snapshotParts(state)];
          const back = restoreParts<typeof state>(parts);
          expect(Object.keys(back)).toEqual(Object.keys(state));
          expect([...back.a.keys()]).toEqual([...state.a.keys()]);
          expect([...back.index.x.entries()]).toEqual(
            JSON.parse(JSON.stringify([...state.index.x.entries()])),
          );
          expect(back.index.y).toBeInstanceOf(Map);
          expect(Object.keys(back.record)).toEqual(Object.keys(record));
          expect(back.scalar).toEqual(scalar);
          // The header, then each field's parts as cut by the reference below, text for text.
          expect(parts.slice(1)).toEqual([
            ...partsOfField('a', [...state.a]),
            ...partsOfField('index.x', [...state.index.x]),
            ...partsOfField('record', Object.entries(record)),
          ]);
        },
      ),
      { numRuns: 25 },
    );
  });

  /**
   * Reference: consecutive entries, a part ending at PART_ENTRIES entries or once its entries' JSON
   * reaches PART_CHARS characters, each part the JSON of [field, its entries] (ADR 0183).
   */
  function partsOfField(path: string, entries: Array<[string, unknown]>): string[] {
    const out: string[] = [];
    let part: Array<[string, unknown]> = [];
    let chars = 0;
    for (const e of entries) {
      part.push(e);
      chars += JSON.stringify(e).length;
      if (part.length === PART_ENTRIES || chars >= PART_CHARS) {
        out.push(JSON.stringify([path, part]));
        part = [];
        chars = 0;
      }
    }
    if (part.length > 0) out.push(JSON.stringify([path, part]));
    return out;
  }

  it('ends a part once its entries reach PART_CHARS characters, an entry longer than that ending the part it joins; the state comes back whole (ADR 0183)', () => {
    const big = 'x'.repeat(Math.floor(PART_CHARS / 3)); // three such entries pass the cap, two do not
    const huge = '长'.repeat(PART_CHARS + 1);
    const m = new Map<string, unknown>([
      ...Array.from({ length: 7 }, (_, i): [string, unknown] => [`b${i}`, { text: big, i }]),
      ['huge', [huge]],
      ...Array.from({ length: 1_500 }, (_, i): [string, unknown] => [`s${i}`, i]),
    ]);
    const parts = [...snapshotParts({ m, n: 1 })]
      .slice(1)
      .map((p) => JSON.parse(p) as [string, Array<[string, unknown]>]);
    // b0–b2 | b3–b5 | b6, huge (past the cap with it) | s0–s999 | s1000–s1499
    expect(parts.map(([path, entries]) => [path, entries.length])).toEqual([
      ['m', 3],
      ['m', 3],
      ['m', 2],
      ['m', PART_ENTRIES],
      ['m', 500],
    ]);
    expect(parts[2][1].map(([k]) => k)).toEqual(['b6', 'huge']);
    const back = restoreParts<{ m: Map<string, unknown>; n: number }>(snapshotParts({ m, n: 1 }));
    expect([...back.m.entries()]).toEqual([...m.entries()]);
  });

  it('cuts the records inside a record named `nested` as records of their own, after it; restored whole, as without them (ADR 0183)', () => {
    const totals = { n: 2, urgent: { c1: [{ due: '2026-01-01' }], c2: [] }, m: 3, leads: { s1: 1 } };
    const state = { kind: 'k', totals, other: { x: { y: 1 } } };
    const parts = [...snapshotParts(state, { nested: ['totals'] })];
    const header = JSON.parse(parts[0]) as { records: string[] };
    expect(header.records).toEqual(['totals', 'totals.urgent', 'totals.leads', 'other']);
    expect(parts.slice(1).map((p) => JSON.parse(p) as unknown)).toEqual([
      [
        'totals',
        [
          ['n', 2],
          ['m', 3],
        ],
      ], // its own part without the records apart
      ['totals.urgent', Object.entries(totals.urgent)],
      ['totals.leads', [['s1', 1]]],
      ['other', [['x', { y: 1 }]]], // a record not named: its records are its entries
    ]);
    expect(restoreParts(parts)).toEqual(state);
    expect(restoreParts(parts)).toEqual(restoreParts(snapshotParts(state)));
  });

  it('refuses an empty snapshot and a part for a field the header does not name', () => {
    expect(() => restoreParts([])).toThrow('empty snapshot');
    const parts = [...snapshotParts({ m: new Map([['a', 1]]) })];
    expect(() => restoreParts([parts[0], JSON.stringify(['other', [['a', 1]]])])).toThrow('unknown field');
  });

  describe('restoringParts: a step a part, for a restore in slices (ADR 0146)', () => {
    const state = { m: new Map(Array.from({ length: 2_500 }, (_, i) => [`k${i}`, i])), n: 1 };
    /** The parts as a source that says whether it was closed (a database cursor released). */
    const tracked = () => {
      const log = { read: 0, closed: false };
      function* source(): Generator<string> {
        try {
          for (const p of snapshotParts(state)) {
            log.read++;
            yield p;
          }
        } finally {
          log.closed = true;
        }
      }
      return { log, parts: source() };
    };

    it('yields after the header and after each part, and returns the same state as restoreParts', () => {
      const { log, parts } = tracked();
      const steps = restoringParts<typeof state>(parts);
      let yields = 0;
      let step = steps.next();
      for (; !step.done; step = steps.next()) {
        yields++;
        expect(log.read).toBe(yields); // one part read per step, no more
      }
      expect(yields).toBe(4); // the header and three parts of 1,000, 1,000 and 500 entries
      expect([...step.value.m.entries()]).toEqual([...state.m.entries()]);
      expect(step.value.n).toBe(1);
      expect(log.closed).toBe(true);
      expect(runToEnd(restoringParts<typeof state>(snapshotParts(state)))).toEqual(
        restoreParts(snapshotParts(state)),
      );
    });

    it('closed early (a stop mid-restore), it closes the parts it reads; a malformed part closes them too', () => {
      const early = tracked();
      const steps = restoringParts(early.parts);
      steps.next();
      steps.next();
      expect(early.log.closed).toBe(false);
      steps.return(undefined as never);
      expect(early.log.closed).toBe(true);
      expect(early.log.read).toBe(2);

      let closed = false;
      function* bad(): Generator<string> {
        try {
          yield [...snapshotParts(state)][0];
          yield '["other",[]]';
          yield 'never read';
        } finally {
          closed = true;
        }
      }
      expect(() => runToEnd(restoringParts(bad()))).toThrow('unknown field');
      expect(closed).toBe(true);
    });
  });
});

describe('CheckpointStore with parts', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'parts-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  /** A store holding 'big' (three parts) and 'small' (inline), both at position 5. */
  const savedAt5 = (file: string) => {
    const store = new CheckpointStore(file);
    store.saveAll([
      { name: 'big', version: 1, position: 5n, parts: ['h', 'p1', 'p2'] },
      { name: 'small', version: 1, position: 5n, state: '{"n":1}' },
    ]);
    return store;
  };

  it('stores parts in order, and a model whose parts throw keeps its previous row and parts', () => {
    const store = savedAt5(join(dir, 'p.db'));
    function* failing(): Generator<string> {
      yield 'h2';
      throw new RangeError('Invalid string length');
    }
    const errors: string[] = [];
    store.saveAll(
      [
        { name: 'big', version: 1, position: 9n, parts: failing() },
        { name: 'small', version: 1, position: 9n, state: '{"n":2}' },
      ],
      (name) => errors.push(name),
    );
    expect(errors).toEqual(['big']);
    const rows = store.load();
    expect(rows.get('big')).toMatchObject({ position: 5n, chunked: true });
    expect([...store.parts('big')]).toEqual(['h', 'p1', 'p2']);
    expect(rows.get('small')).toMatchObject({ position: 9n, chunked: false, state: '{"n":2}' });
    store.close();
  });

  it('writing() step by step: readers keep the previous snapshot of every model until the last step, and return() keeps it', () => {
    const file = join(dir, 'p.db');
    const store = savedAt5(file);
    const reader = new CheckpointStore(file, true);
    const seen = () => {
      const end = reader.beginReading(); // rows and parts from the same committed snapshot
      try {
        const rows = reader.load();
        return [rows.get('big')?.position, [...reader.parts('big')], rows.get('small')?.position];
      } finally {
        end();
      }
    };
    const before = [5n, ['h', 'p1', 'p2'], 5n];
    const next = () => [
      { name: 'big', version: 1, position: 9n, parts: ['H', 'P1', 'P2', 'P3'] },
      { name: 'small', version: 1, position: 9n, state: '{"n":2}' },
    ];

    const abandoned = store.writing(next());
    for (let i = 0; i < 5; i++) expect(abandoned.next().done).toBe(false); // every row written, none committed
    expect(seen()).toEqual(before);
    abandoned.return();
    expect(seen()).toEqual(before);

    const steps = store.writing(next());
    let n = 0;
    while (!steps.next().done) {
      n += 1;
      expect(seen()).toEqual(before);
    }
    expect(n).toBe(5); // one step a part, one for the inline row
    expect(seen()).toEqual([9n, ['H', 'P1', 'P2', 'P3'], 9n]);
    reader.close();
    store.close();
  });
});

describe('the read models snapshot in parts', () => {
  let store: InMemoryEventStore;
  let dir: string;
  beforeAll(async () => {
    store = new InMemoryEventStore();
    await seedDemo(store, { groups: 8, today: TODAY });
  });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'parts-models-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a restart restores the ledger view and compliance from parts, equal to a rebuild, and applies nothing again', async () => {
    const file = join(dir, 'projections.db');
    const first = new ProjectionRunner({ store, models: allReadModels(), today, checkpointFile: file });
    await first.start();
    await first.stop();
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT name, state FROM read_models ORDER BY name').all() as Array<{
      name: string;
      state: string;
    }>;
    expect(rows.map((r) => [r.name, r.state])).toEqual([
      [CITY_COMPLIANCE, ''],
      [LEDGER_VIEW, ''],
    ]);
    const parts = db
      .prepare('SELECT count(*) AS n FROM read_model_parts WHERE name = ?')
      .get(LEDGER_VIEW) as { n: number };
    expect(parts.n).toBeGreaterThan(1);
    db.close();

    const second = new ProjectionRunner({ store, models: allReadModels(), today, checkpointFile: file });
    await second.start();
    expect(second.applied).toBe(0);
    const fresh = new ProjectionRunner({ store, models: allReadModels(), today });
    await fresh.rebuild();
    expect(second.state<LedgerView>(LEDGER_VIEW)).toEqual(fresh.state<LedgerView>(LEDGER_VIEW));
    expect([...second.state<LedgerView>(LEDGER_VIEW).schools.keys()]).toEqual([
      ...fresh.state<LedgerView>(LEDGER_VIEW).schools.keys(),
    ]);
    expect(second.state(CITY_COMPLIANCE)).toEqual(fresh.state(CITY_COMPLIANCE));
    // A reader of another process's file (ledger-api on EventStoreDB) restores the same parts.
    const reader = new ProjectionRunner({
      store,
      models: allReadModels(),
      today,
      checkpointFile: file,
      readOnlyCheckpoints: true,
    });
    await reader.start();
    expect(reader.applied).toBe(0);
    expect(reader.state<LedgerView>(LEDGER_VIEW)).toEqual(fresh.state<LedgerView>(LEDGER_VIEW));
    await reader.stop();
    await second.stop();
    await fresh.stop();
  });

  it('the ledger view keeps no index of event ids; a snapshot cut before ADR 0177 (its header naming one, or holding it) restores to the same view (ADR 0177)', async () => {
    const runner = new ProjectionRunner({ store, models: allReadModels(), today });
    await runner.start();
    const view = runner.state<LedgerView>(LEDGER_VIEW);
    expect(Object.keys(view)).not.toContain('subjectOf');
    const restored = runToEnd(ledgerViewProjection.restoreParts!(ledgerViewProjection.snapshotParts!(view)));
    expect(restored).toEqual(view);
    expect(Object.keys(restored)).toEqual(Object.keys(view));
    const facts = [...view.schools.values(), ...view.groups.values(), ...view.cooperations.values()].flat();
    // ADR 0173's parts: the header names it, no entries; before ADR 0173: its entries too.
    const named = [...snapshotParts({ ...view, subjectOf: undefined })];
    expect((JSON.parse(named[0]) as { order: string[] }).order).toContain('subjectOf');
    const held = [...snapshotParts({ ...view, subjectOf: new Map(facts.map((f) => [f.eventId, 'x'])) })];
    expect(held.some((p) => p.startsWith('["subjectOf"'))).toBe(true);
    for (const parts of [named, held]) {
      const before = runToEnd(ledgerViewProjection.restoreParts!(parts));
      expect(before).toEqual(view);
      expect(Object.keys(before)).toEqual(Object.keys(view));
    }
    await runner.stop();
  });

  it('a restart on a later day, with no event since, judges the restored city at that day (ADR 0150)', async () => {
    const later = '2031-09-01';
    const file = join(dir, 'projections.db');
    const first = new ProjectionRunner({ store, models: allReadModels(), today, checkpointFile: file });
    await first.start();
    await first.stop(); // its snapshot holds the city judged at TODAY
    const atToday = cachedFindings(first.state<CityComplianceState>(CITY_COMPLIANCE), TODAY);
    expect(atToday).toBeDefined();

    const restarted = new ProjectionRunner({
      store,
      models: allReadModels(),
      today: () => later,
      checkpointFile: file,
    });
    await restarted.start();
    expect(restarted.applied).toBe(0);
    restarted.settle(); // as every query does first
    const fresh = new ProjectionRunner({ store, models: allReadModels(), today: () => later });
    await fresh.rebuild();
    const restored = restarted.state<CityComplianceState>(CITY_COMPLIANCE);
    expect(restored.asOf).toBe(later);
    const atLater = cachedFindings(fresh.state<CityComplianceState>(CITY_COMPLIANCE), later);
    expect(atLater).toBeDefined();
    expect(atLater).not.toEqual(atToday); // the day changes this city's findings
    expect(cachedFindings(restored, later)).toEqual(atLater);
    await restarted.stop();
    await fresh.stop();
  });

  it("settling the whole city gives each subject exactly its own evaluation, in evaluateSubject's order", async () => {
    const runner = new ProjectionRunner({ store, models: allReadModels(), today });
    await runner.rebuild();
    const view = runner.state<LedgerView>(LEDGER_VIEW);
    const cached = runner.state<CityComplianceState>(CITY_COMPLIANCE).findings;
    let total = 0;
    for (const s of allSubjects(view)) {
      const own = evaluateSubjectFindings(view, s, { asOf: TODAY });
      expect(cached[`${s.type}:${s.id}`] ?? []).toEqual(own);
      total += own.length;
    }
    expect(total).toBeGreaterThan(0);
    expect(Object.keys(cached).length).toBeLessThanOrEqual(allSubjects(view).length);
    await runner.stop();
  });
});
