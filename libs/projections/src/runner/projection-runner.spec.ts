import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import type { RecordedDomainEvent } from '@ledger/domain';
import { InMemoryEventStore } from '../testing/in-memory-event-store';
import { ProjectionRunner } from './projection-runner';
import type { ReadModel } from './read-model';

/** Counts events per stream and keeps the positions it saw, to catch doubles and gaps. */
function positionsModel(version = 1): ReadModel<{ seen: string[]; perStream: Record<string, number> }> {
  return {
    name: 'positions',
    version,
    initialState: () => ({ seen: [], perStream: {} }),
    apply: (s, e: RecordedDomainEvent) => {
      s.seen.push(e.position.toString());
      s.perStream[e.streamId] = (s.perStream[e.streamId] ?? 0) + 1;
      return s;
    },
    serialize: (s) => JSON.stringify(s),
    deserialize: (t) => JSON.parse(t),
  };
}

const other: ReadModel<{ n: number }> = {
  name: 'other',
  version: 1,
  initialState: () => ({ n: 0 }),
  apply: (s) => ({ n: s.n + 1 }),
  serialize: (s) => JSON.stringify(s),
  deserialize: (t) => JSON.parse(t),
};

function append(store: InMemoryEventStore, streams: number[]): void {
  for (const i of streams) {
    store.appendSync(`group-g${i}`, [
      {
        eventId: `e${store.events.length + 1}`,
        type: 'JointExamHeld',
        data: { groupId: `g${i}`, participants: ['4301000001'] },
        metadata: { schemaVersion: 1, occurredOn: '2024-01-01', recordedAt: '2024-01-01T00:00:00.000Z', actor: { id: 'a', role: 'admin' }, correlationId: 'c-1' },
      },
    ]);
  }
}

const today = () => '2026-11-27';

describe('ProjectionRunner', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runner-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('catches up, then follows live appends, and waitFor resolves at the position', async () => {
    const store = new InMemoryEventStore();
    append(store, [1, 2, 3]);
    const runner = new ProjectionRunner({ store, models: [positionsModel()], today });
    await runner.start();
    expect(runner.position).toBe(3n);
    const waited = runner.waitFor(5n, 1000);
    append(store, [1, 1]);
    await expect(waited).resolves.toBe(true);
    expect(runner.state<{ seen: string[] }>('positions').seen).toEqual(['1', '2', '3', '4', '5']);
    await expect(runner.waitFor(99n, 10)).resolves.toBe(false);
    await runner.stop();
  });

  describe('when the process restarts after a snapshot', () => {
    it('resumes from the snapshot with no event applied twice or skipped', async () => {
      const file = join(dir, 'projections.db');
      const store = new InMemoryEventStore();
      append(store, [1, 2, 3, 4]);
      const first = new ProjectionRunner({ store, models: [positionsModel()], today, checkpointFile: file, snapshotEvery: 2 });
      await first.start();
      append(store, [5]); // applied live, then saved on stop
      await first.stop();

      append(store, [6, 7]); // written while no projector ran
      store.readAllCalls = [];
      const second = new ProjectionRunner({ store, models: [positionsModel()], today, checkpointFile: file });
      await second.start();
      expect(store.readAllCalls[0]).toBe(5n); // read from the checkpoint, not from 0
      expect(second.applied).toBe(2);
      expect(second.state<{ seen: string[] }>('positions').seen).toEqual(['1', '2', '3', '4', '5', '6', '7']);
      await second.stop();
    });

    it('rebuilds only the read model whose version changed', async () => {
      const file = join(dir, 'projections.db');
      const store = new InMemoryEventStore();
      append(store, [1, 2, 3]);
      const first = new ProjectionRunner({ store, models: [positionsModel(1), other], today, checkpointFile: file });
      await first.start();
      await first.stop();
      append(store, [4]);
      const second = new ProjectionRunner({ store, models: [positionsModel(2), other], today, checkpointFile: file });
      await second.start();
      expect(second.state<{ seen: string[] }>('positions').seen).toEqual(['1', '2', '3', '4']);
      expect(second.state<{ n: number }>('other').n).toBe(4);
      await second.stop();
    });
  });

  it('keeps the previous snapshot of a model that cannot be serialized, and replays it from there', async () => {
    const file = join(dir, 'projections.db');
    const store = new InMemoryEventStore();
    append(store, [1, 2]);
    let failing = false;
    const fragile = (): ReadModel<{ seen: string[]; perStream: Record<string, number> }> => {
      const m = positionsModel();
      return { ...m, serialize: (st) => { if (failing) throw new RangeError('Invalid string length'); return m.serialize(st); } };
    };
    const first = new ProjectionRunner({ store, models: [fragile(), other], today, checkpointFile: file });
    await first.start();
    first.saveSnapshot();
    failing = true;
    append(store, [3, 4]);
    await first.stop(); // 'positions' keeps its snapshot at 2, 'other' moves to 4
    failing = false;
    const second = new ProjectionRunner({ store, models: [fragile(), other], today, checkpointFile: file });
    await second.start();
    expect(second.state<{ seen: string[] }>('positions').seen).toEqual(['1', '2', '3', '4']);
    expect(second.state<{ n: number }>('other').n).toBe(4);
    await second.stop();
  });

  it('pushes each live event with only the finding changes its own models emitted (one context reused per event)', async () => {
    const fake = (eventId: string, position: bigint) => ({
      change: 'opened' as const,
      finding: { ruleId: `R-${eventId}` } as never,
      eventId,
      position,
    });
    // The first model emits for e1 (catch-up) and e3 (live); the second sees what the first emitted.
    const seenByLater: number[] = [];
    const emitter: ReadModel<{ n: number }> = {
      ...other,
      name: 'emitter',
      apply: (s, e, ctx) => {
        if (e.eventId === 'e1' || e.eventId === 'e3') ctx.emitFindings([fake(e.eventId, e.position), fake(`${e.eventId}b`, e.position)]);
        return { n: s.n + 1 };
      },
    };
    const reader: ReadModel<{ n: number }> = {
      ...other,
      name: 'reader',
      apply: (s, _e, ctx) => {
        seenByLater.push(ctx.emitted.length);
        ctx.emitFindings([]);
        return s;
      },
    };
    const store = new InMemoryEventStore();
    append(store, [1]);
    const runner = new ProjectionRunner({ store, models: [emitter, reader], today });
    const pushed: Array<{ eventId: string; findings: string[] }> = [];
    runner.changes$.subscribe((c) => pushed.push({ eventId: c.event.eventId, findings: c.findings.map((f) => f.eventId) }));
    await runner.start();
    append(store, [1, 2, 3]);
    await runner.waitFor(4n, 1000);
    expect(pushed).toEqual([
      { eventId: 'e1', findings: ['e1', 'e1b'] },
      { eventId: 'e2', findings: [] },
      { eventId: 'e3', findings: ['e3', 'e3b'] },
      { eventId: 'e4', findings: [] },
    ]);
    expect(seenByLater).toEqual([2, 0, 2, 0]);
    await runner.stop();
  });

  it('judges an event recorded on a new day, and the onNewDay before it, at the new day', async () => {
    let day = '2026-11-27';
    const days: string[] = [];
    const dayModel: ReadModel<{ n: number }> = {
      name: 'days',
      version: 1,
      initialState: () => ({ n: 0 }),
      apply: (s, _e, ctx) => {
        days.push(`apply@${ctx.today}`);
        return { n: s.n + 1 };
      },
      onNewDay: (s, ctx) => {
        days.push(`newDay@${ctx.today}`);
        return s;
      },
      serialize: (s) => JSON.stringify(s),
      deserialize: (t) => JSON.parse(t),
    };
    const store = new InMemoryEventStore();
    append(store, [1]);
    const runner = new ProjectionRunner({ store, models: [dayModel], today: () => day });
    await runner.start();
    day = '2026-11-28';
    append(store, [1]);
    await runner.waitFor(2n, 1000);
    runner.settle();
    expect(days).toEqual(['apply@2026-11-27', 'newDay@2026-11-28', 'apply@2026-11-28']);
    await runner.stop();
  });

  it('sets aside a malformed event and goes on', async () => {
    const store = new InMemoryEventStore();
    append(store, [1]);
    store.appendSync('group-x', [{ eventId: 'bad', type: 'JointExamHeld', data: {}, metadata: null }]);
    append(store, [2]);
    const runner = new ProjectionRunner({ store, models: [positionsModel()], today });
    await runner.start();
    expect(runner.position).toBe(3n);
    expect(runner.skipped.map((s) => s.eventId)).toEqual(['bad']);
    expect(runner.state<{ seen: string[] }>('positions').seen).toEqual(['1', '3']);
    await runner.stop();
  });

  it('rebuild from zero equals incremental processing with restarts at random points (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 8 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        async (chunks, snapshotEvery) => {
          const file = join(dir, `p-${Math.random().toString(36).slice(2)}.db`);
          const store = new InMemoryEventStore();
          for (const chunk of chunks) {
            append(store, chunk);
            const r = new ProjectionRunner({ store, models: [positionsModel(), other], today, checkpointFile: file, snapshotEvery });
            await r.start();
            await r.stop();
          }
          const incremental = new ProjectionRunner({ store, models: [positionsModel(), other], today, checkpointFile: file });
          await incremental.start();
          const fresh = new ProjectionRunner({ store, models: [positionsModel(), other], today });
          await fresh.rebuild();
          expect(incremental.state('positions')).toEqual(fresh.state('positions'));
          expect(incremental.state('other')).toEqual(fresh.state('other'));
          await incremental.stop();
          await fresh.stop();
        },
      ),
      { numRuns: 30 },
    );
  });
});
