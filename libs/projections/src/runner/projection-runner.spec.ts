import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import type { RecordedDomainEvent } from '@ledger/domain';
import { InMemoryEventStore } from '@ledger/event-store/testing/in-memory-event-store';
import { CheckpointStore, type SnapshotSink } from './checkpoint-store';
import { CheckpointWriter, MAX_PARTS_IN_FLIGHT } from './checkpoint-writer';
import { ProjectionRunner } from './projection-runner';
import type { ReadModel } from './read-model';
import { releasing } from './snapshot-parts';

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
  for (const i of streams) store.appendSync(`group-g${i}`, [jointExam(i, store.events.length + 1)]);
}

function jointExam(group: number, n: number) {
  return {
    eventId: `e${n}`,
    type: 'JointExamHeld',
    data: { groupId: `g${group}`, participants: ['4301000001'] },
    metadata: { schemaVersion: 1, occurredOn: '2024-01-01', recordedAt: '2024-01-01T00:00:00.000Z', actor: { id: 'a', role: 'admin' }, correlationId: 'c-1' },
  };
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

  it('yields the event loop between the pages of a catch-up (ADR 0143): other work runs before it ends', async () => {
    const store = new InMemoryEventStore();
    append(store, Array.from({ length: 50 }, (_, i) => i % 5));
    const runner = new ProjectionRunner({ store, models: [positionsModel()], today, batchSize: 10 });
    let seenByOther: bigint | undefined;
    setImmediate(() => (seenByOther = runner.position)); // queued before the catch-up's first turn
    await runner.start();
    expect(seenByOther).toBe(10n); // after the first page, not after the whole catch-up
    expect(runner.position).toBe(50n);
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

  describe('a long settle, in slices with the fold paused (ADR 0159)', () => {
    const STEPS = 4;
    interface Judged {
      judgedOn: string;
      log: string[];
    }
    /**
     * Judges "the city" at today: a new day's judgement takes STEPS steps (`settling`); a live event
     * on an unjudged day judges it on its own turn first (as the city-compliance model's apply does),
     * logged as such, so a test sees whether the runner let that happen. `failOn`: the day whose
     * third step throws.
     */
    function judgedModel(failOn?: string): ReadModel<Judged> {
      return {
        name: 'judged',
        version: 1,
        initialState: () => ({ judgedOn: '', log: [] }),
        apply: (s, e, ctx) => {
          if (ctx.live && s.judgedOn !== ctx.today) {
            s.log.push(`judged on the event's turn@${ctx.today}`);
            s.judgedOn = ctx.today;
          }
          s.log.push(`apply ${e.position}@${ctx.today}`);
          return s;
        },
        settle: (s, ctx) => {
          if (s.judgedOn !== ctx.today) s.log.push(`judged on one turn@${ctx.today}`);
          s.judgedOn = ctx.today;
          return s;
        },
        settling: (s, ctx) => {
          if (s.judgedOn === ctx.today) return undefined;
          const day = ctx.today;
          return (function* () {
            for (let i = 0; i < STEPS; i++) {
              if (i === 2 && day === failOn) throw new Error('a rule failed');
              s.log.push(`step ${i}@${day}`);
              yield;
            }
            s.judgedOn = day;
            s.log.push(`judged in steps@${day}`);
            return s;
          })();
        },
        serialize: (s) => JSON.stringify(s),
        deserialize: (t) => JSON.parse(t),
      };
    }
    const steps = (day: string) => [...Array.from({ length: STEPS }, (_, i) => `step ${i}@${day}`), `judged in steps@${day}`];

    async function started(model = judgedModel()) {
      let day = '2026-11-27';
      const store = new InMemoryEventStore();
      append(store, [1]);
      // snapshotSliceMs 0: one step per turn, whatever the machine's speed.
      const runner = new ProjectionRunner({ store, models: [model], today: () => day, snapshotSliceMs: 0 });
      await runner.start();
      const state = () => runner.state<Judged>('judged');
      state().log.length = 0;
      return { store, runner, state, turnDay: (d: string) => (day = d) };
    }

    it("runs the start's settle in slices: other work runs between its steps, before start() ends", async () => {
      const store = new InMemoryEventStore();
      append(store, [1, 2]);
      const runner = new ProjectionRunner({ store, models: [judgedModel()], today, snapshotSliceMs: 0 });
      const seen: string[][] = [];
      const look = (): void => {
        seen.push([...runner.state<Judged>('judged').log]);
        if (seen.length < 20) setImmediate(look);
      };
      setImmediate(look);
      await runner.start();
      expect(runner.state<Judged>('judged').log).toEqual(['apply 1@2026-11-27', 'apply 2@2026-11-27', ...steps('2026-11-27')]);
      // Some look happened after the first step and before the last: the loop was free between them.
      expect(seen.some((log) => log.includes('step 0@2026-11-27') && !log.includes('judged in steps@2026-11-27'))).toBe(true);
      expect(runner.live).toBe(true);
      await runner.stop();
    });

    it('settles a new day in slices; callers meanwhile share one settle; other work runs between its steps', async () => {
      const { runner, state, turnDay } = await started();
      turnDay('2026-11-28');
      const settling = runner.settled();
      expect(runner.settlingInSlices).toBe(true);
      expect(runner.settled()).toBe(settling);
      let between: string[] | undefined;
      setImmediate(() => setImmediate(() => (between = [...state().log])));
      await settling;
      expect(runner.settlingInSlices).toBe(false);
      expect(between!.length).toBeGreaterThan(0);
      expect(between!.length).toBeLessThan(STEPS + 1);
      expect(state().log).toEqual(steps('2026-11-28'));
      // Nothing left: the next settle ends on this turn.
      await runner.settled();
      expect(state().log).toEqual(steps('2026-11-28'));
      await runner.stop();
    });

    it('pauses the live fold: an event recorded meanwhile is applied after the last step, at the new day', async () => {
      const { store, runner, state, turnDay } = await started();
      turnDay('2026-11-28');
      const settling = runner.settled();
      append(store, [1]);
      expect(runner.position).toBe(1n);
      await settling;
      await expect(runner.waitFor(2n, 1000)).resolves.toBe(true);
      expect(state().log).toEqual([...steps('2026-11-28'), 'apply 2@2026-11-28']);
      await runner.stop();
    });

    it('on a live event on a new day, settles in slices before applying it, not on its turn', async () => {
      const { store, runner, state, turnDay } = await started();
      turnDay('2026-11-28');
      append(store, [1]);
      expect(runner.settlingInSlices).toBe(true);
      expect(runner.position).toBe(1n);
      await expect(runner.waitFor(2n, 1000)).resolves.toBe(true);
      expect(state().log).toEqual([...steps('2026-11-28'), 'apply 2@2026-11-28']);
      await runner.stop();
    });

    it('ends the settle after its slice on stop(): the state stays whole and still to judge', async () => {
      const { runner, state, turnDay } = await started();
      turnDay('2026-11-28');
      const settling = runner.settled();
      let ended = false;
      void settling.then(() => (ended = true));
      await new Promise((resolve) => setImmediate(resolve));
      await runner.stop();
      expect(ended).toBe(true); // stop() waited for it
      expect(runner.settlingInSlices).toBe(false);
      expect(state().judgedOn).toBe('2026-11-27');
      expect(state().log.length).toBeLessThan(STEPS);
    });

    it('stops the runner on a step that throws, resolving (not rejecting) its callers, the fold not resumed', async () => {
      const { store, runner, state, turnDay } = await started(judgedModel('2026-11-28'));
      expect(runner.failure).toBeUndefined();
      turnDay('2026-11-28');
      await expect(runner.settled()).resolves.toBeUndefined();
      expect(runner.failure?.message).toBe('a rule failed');
      expect(state().log).toEqual(['step 0@2026-11-28', 'step 1@2026-11-28']);
      append(store, [1]);
      expect(runner.position).toBe(1n);
      await runner.stop();
    });

    it('stops the runner on a quick settle that throws, as on an apply that throws, resolving its callers', async () => {
      let failing = false;
      const model: ReadModel<{ n: number }> = {
        ...other,
        name: 'quick',
        settle: (s) => {
          if (failing) throw new Error('a quick settle failed');
          return s;
        },
      };
      const store = new InMemoryEventStore();
      append(store, [1]);
      const runner = new ProjectionRunner({ store, models: [model], today });
      await runner.start();
      failing = true;
      await expect(runner.settled()).resolves.toBeUndefined();
      expect(runner.failure?.message).toBe('a quick settle failed');
      await runner.stop();
    });

    it('begins no snapshot while it runs: one that falls due meanwhile (its timer) begins after it, of the settled state', async () => {
      const slow: ReadModel<Judged> = {
        ...judgedModel(),
        settling(s, ctx) {
          const steps = judgedModel().settling!(s, ctx);
          if (!steps || ctx.today !== '2026-11-28') return steps;
          return (function* () {
            for (let next = steps.next(); !next.done; next = steps.next()) {
              const until = Date.now() + 30; // 4 steps of 30 ms: past the 50 ms interval
              while (Date.now() < until);
              yield;
            }
            return s;
          })();
        },
      };
      const store = new InMemoryEventStore();
      append(store, [1]);
      let day = '2026-11-27';
      const file = join(dir, 'projections.db');
      const runner = new ProjectionRunner({ store, models: [slow], today: () => day, snapshotSliceMs: 0, checkpointFile: file, snapshotIntervalMs: 50 });
      const began: string[][] = [];
      const begin = jest
        .spyOn(runner as unknown as { beginSlicedSave: () => Promise<void> }, 'beginSlicedSave')
        .mockImplementation(() => {
          began.push([...runner.state<Judged>('judged').log]);
          return Promise.resolve();
        });
      await runner.start(); // the catch-up's event is unsaved: its snapshot is due ~50 ms after the runner was made
      runner.state<Judged>('judged').log.length = 0;
      day = '2026-11-28';
      await runner.settled();
      expect(began).toEqual([]);
      for (let waited = 0; began.length === 0 && waited < 2_000; waited += 10)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(began).toEqual([steps('2026-11-28')]); // after the settle, of its state
      begin.mockRestore();
      await runner.stop();
    });

    describe("a long settle's judgement saved alone, so that a restart on the same day keeps it (ADR 0174)", () => {
      /** The rows in the checkpoint file: each model's position and saved state. */
      function savedRows(file: string): Record<string, { position: bigint; state: unknown }> {
        const reader = new CheckpointStore(file, true);
        try {
          const rows: Record<string, { position: bigint; state: unknown }> = {};
          for (const [name, row] of reader.load()) rows[name] = { position: row.position, state: JSON.parse(row.state) };
          return rows;
        } finally {
          reader.close();
        }
      }
      /** Waits until the runner has no save in progress (a partial one is cut, then committed by the writer). */
      async function saveEnded(runner: ProjectionRunner): Promise<void> {
        for (let waited = 0; (runner as unknown as { saving?: unknown }).saving !== undefined; waited += 5) {
          if (waited > 5_000) throw new Error('the save never ended');
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }

      const logged: string[] = [];
      beforeEach(() => (logged.length = 0));
      function runnerOn(store: InMemoryEventStore, file: string, day: () => string, saveSettledAfterMs = 0) {
        // snapshotEvery/IntervalMs far away: the only save besides start()'s own is the one under test.
        return new ProjectionRunner({
          store,
          models: [other, judgedModel()],
          today: day,
          snapshotSliceMs: 0,
          checkpointFile: file,
          snapshotEvery: 1_000_000,
          snapshotIntervalMs: 3_600_000,
          saveSettledAfterMs,
          log: (_level, message) => logged.push(message),
        });
      }

      /** A runner on a new checkpoint file and a store of two events, started on the 27th. */
      async function startedOn(saveSettledAfterMs = 0) {
        const file = join(dir, 'projections.db');
        const store = new InMemoryEventStore();
        append(store, [1, 2]);
        const day = { now: '2026-11-27' };
        const runner = runnerOn(store, file, () => day.now, saveSettledAfterMs);
        await runner.start();
        return { file, store, day, runner };
      }
      /** Records an event on group `group` and waits until `runner` has applied it (live). */
      async function recorded(store: InMemoryEventStore, runner: ProjectionRunner, group: number): Promise<void> {
        append(store, [group]);
        await expect(runner.waitFor(BigInt(store.events.length), 1000)).resolves.toBe(true);
      }
      /** Turns the day to the 28th, settles, and waits for any save that began. */
      async function settledOnThe28th(runner: ProjectionRunner, day: { now: string }): Promise<void> {
        day.now = '2026-11-28';
        await runner.settled();
        await saveEnded(runner);
      }
      const steps28 = (log: string[]) => log.filter((l) => l.startsWith('step') && l.endsWith('@2026-11-28'));

      it('saves the model a live settle judged, alone, at its position; a restart that day restores it judged and settles nothing', async () => {
        const { file, store, day, runner: first } = await startedOn();
        first.saveSnapshot(); // both at 2, judged on the 27th
        await recorded(store, first, 1); // 3: not saved
        await settledOnThe28th(first, day);
        const rows = savedRows(file);
        expect(rows.judged.position).toBe(3n);
        expect((rows.judged.state as Judged).judgedOn).toBe('2026-11-28');
        expect(rows.other).toEqual({ position: 2n, state: { n: 2 } }); // left as it was
        expect(logged.filter((l) => l.includes('saved alone the read models a long settle judged (judged)'))).toHaveLength(1);
        await recorded(store, first, 2); // 4: the fold was resumed after the cut

        // The process ends here without a last snapshot (a crash): the next start that day has the rows above.
        append(store, [3]); // 5
        const second = runnerOn(store, file, () => day.now);
        await second.start();
        // The restored log holds the first runner's steps; this start added only the tail's events.
        const log = second.state<Judged>('judged').log;
        expect(steps28(log)).toHaveLength(STEPS);
        expect(log.slice(-2)).toEqual(['apply 4@2026-11-28', 'apply 5@2026-11-28']);
        expect(second.state<Judged>('judged').judgedOn).toBe('2026-11-28');
        expect(second.state<{ n: number }>('other').n).toBe(5);
        await second.stop();
        await first.stop();
      });

      it("saves the start's settle once live, the fold held while it is cut; the next start that day replays the tail for the other model only", async () => {
        const { file, store, day, runner: first } = await startedOn();
        await first.stop(); // both at 2, judged on the 27th
        append(store, [3]); // 3
        day.now = '2026-11-28'; // the restart is on a later day: its settle judges in steps
        const second = runnerOn(store, file, () => day.now);
        await second.start();
        expect(steps28(second.state<Judged>('judged').log)).toHaveLength(STEPS);
        expect(second.snapshotting).toBe(true); // the cut began after start() began following
        append(store, [1]); // 4: waits for the cut
        expect(second.position).toBe(3n);
        await saveEnded(second);
        await expect(second.waitFor(4n, 1000)).resolves.toBe(true);
        const rows = savedRows(file);
        expect(rows.judged.position).toBe(3n);
        expect((rows.judged.state as Judged).judgedOn).toBe('2026-11-28');
        expect(rows.other.position).toBe(2n);

        // The process ends here without a last snapshot (a crash): the next start that day has the rows above.
        const third = runnerOn(store, file, () => day.now);
        await third.start();
        const log = third.state<Judged>('judged').log;
        expect(steps28(log)).toHaveLength(STEPS); // the second start's, restored: none of its own
        expect(log[log.length - 1]).toBe('apply 4@2026-11-28');
        expect(third.state<{ n: number }>('other').n).toBe(4);
        await third.stop();
        await second.stop();
      });

      it("leaves the other models' unsaved events to the next snapshot: stop() still saves them", async () => {
        const { file, store, day, runner } = await startedOn();
        runner.saveSnapshot();
        await recorded(store, runner, 1); // 3: not saved
        await settledOnThe28th(runner, day);
        expect(savedRows(file).other.position).toBe(2n);
        await runner.stop();
        expect(savedRows(file).other).toEqual({ position: 3n, state: { n: 3 } });
      });

      it('lets a save alone being cut end at stop() when the last snapshot is not saved (its tail is quicker to replay)', async () => {
        const { file, store, day, runner } = await startedOn();
        runner.saveSnapshot();
        await recorded(store, runner, 1); // 3: not saved
        (runner as unknown as { saveCostMs: number }).saveCostMs = 5_000; // a slow save: stop() leaves the tail unsaved
        day.now = '2026-11-28';
        await runner.settled();
        expect(runner.snapshotting).toBe(true); // the judgement's save alone is being cut
        await runner.stop();
        expect(logged.some((l) => l.includes('snapshot not saved at stop'))).toBe(true);
        const rows = savedRows(file);
        expect((rows.judged.state as Judged).judgedOn).toBe('2026-11-28');
        expect(rows.other.position).toBe(2n);
      });

      it('saves nothing alone after a settle shorter than saveSettledAfterMs', async () => {
        const { file, day, runner } = await startedOn(60_000);
        runner.saveSnapshot();
        await settledOnThe28th(runner, day);
        expect(logged.filter((l) => l.includes('saved alone'))).toEqual([]);
        expect((savedRows(file).judged.state as Judged).judgedOn).toBe('2026-11-27');
        await runner.stop();
      });

      it('waits for a snapshot being committed, then saves the judgement alone', async () => {
        const { file, store, day, runner } = await startedOn();
        const internals = runner as unknown as { saving?: { cutting: boolean }; beginSlicedSave: (c: unknown) => Promise<void>; checkpoints: unknown };
        await recorded(store, runner, 1); // 3: not saved
        await internals.beginSlicedSave(internals.checkpoints); // a full snapshot at 3: cut, now committed by the writer
        expect(internals.saving?.cutting).toBe(false);
        await settledOnThe28th(runner, day);
        const rows = savedRows(file);
        expect(rows.other.position).toBe(3n);
        expect((rows.judged.state as Judged).judgedOn).toBe('2026-11-28');
        await runner.stop();
      });
    });

    it('settles on one turn with settle() (a rebuild, the projector): no step left for later', async () => {
      const { runner, state, turnDay } = await started();
      turnDay('2026-11-28');
      runner.settle();
      expect(state().log).toEqual(['judged on one turn@2026-11-28']);
      expect(runner.settlingInSlices).toBe(false);
      await runner.stop();
    });
  });

  describe('read-only steps in slices with the fold paused (ADR 0160)', () => {
    /** Steps that read the positions model's list, one entry per step, and answer what they read. */
    function* reading(runner: ProjectionRunner, fail = false): Generator<void, string[], undefined> {
      const read: string[] = [];
      for (const position of runner.state<{ seen: string[] }>('positions').seen) {
        if (fail && read.length === 1) throw new Error('a rule failed');
        read.push(position);
        yield;
      }
      return read;
    }
    const turn = () => new Promise((resolve) => setImmediate(resolve));

    async function following() {
      const store = new InMemoryEventStore();
      append(store, [1, 2, 3]);
      const runner = new ProjectionRunner({ store, models: [positionsModel()], today, snapshotSliceMs: 0 });
      await runner.start();
      return { store, runner };
    }

    it('answers what the steps read, other work running between them; events recorded meanwhile are applied after', async () => {
      const { store, runner } = await following();
      const read = runner.readInSlices(reading(runner));
      let between: bigint | undefined;
      void turn().then(() => (between = runner.position));
      append(store, [1, 2]);
      expect(runner.position).toBe(3n); // held
      await expect(read).resolves.toEqual(['1', '2', '3']);
      expect(between).toBe(3n); // a turn ran while the steps did
      await expect(runner.waitFor(5n, 1000)).resolves.toBe(true);
      await runner.stop();
    });

    it('answers steps that end within the first slice on the caller\'s turn, the fold never paused (ADR 0166)', async () => {
      const store = new InMemoryEventStore();
      append(store, [1, 2, 3]);
      const runner = new ProjectionRunner({ store, models: [positionsModel()], today, snapshotSliceMs: 60_000 });
      await runner.start();
      const subscribed = jest.spyOn(store, 'subscribeToAll');
      const read = runner.readInSlices(reading(runner));
      append(store, [1]); // on the same turn: folded at once, nothing holds the fold
      expect(runner.position).toBe(4n);
      await expect(read).resolves.toEqual(['1', '2', '3']);
      expect(subscribed).not.toHaveBeenCalled(); // the subscription was never paused and taken again
      await runner.stop();
    });

    it('yields the turn once the caller\'s slice is spent (a fake clock)', async () => {
      const { runner } = await following();
      (runner as unknown as { snapshotSliceMs: number }).snapshotSliceMs = 10;
      let now = 0;
      jest.spyOn(performance, 'now').mockImplementation(() => now);
      const ran: number[] = [];
      const read = runner.readInSlices(
        (function* () {
          for (let i = 0; i < 12; i++) {
            now += 4; // each step takes 4 ms
            ran.push(i);
            yield;
          }
          return ran.length;
        })(),
      );
      expect(ran.length).toBe(3); // 12 ms on the caller's turn: the slice is spent
      jest.restoreAllMocks();
      await expect(read).resolves.toBe(12);
      await runner.stop();
    });

    it('resumes the fold only when the last of two holds (a read and a settle) is released', async () => {
      let day = '2026-11-27';
      const store = new InMemoryEventStore();
      append(store, [1, 2, 3]);
      const slowSettle: ReadModel<{ on: string }> = {
        name: 'slow-settle',
        version: 1,
        initialState: () => ({ on: '' }),
        apply: (st) => st,
        settle: (st) => st,
        settling: (st, ctx) =>
          st.on === ctx.today
            ? undefined
            : (function* () {
                for (let i = 0; i < 8; i++) yield;
                st.on = ctx.today;
                return st;
              })(),
        serialize: (st) => JSON.stringify(st),
        deserialize: (t) => JSON.parse(t),
      };
      const runner = new ProjectionRunner({ store, models: [positionsModel(), slowSettle], today: () => day, snapshotSliceMs: 0 });
      await runner.start();
      const read = runner.readInSlices(reading(runner)); // 3 steps
      day = '2026-11-28';
      const settled = runner.settled(); // 8 steps
      append(store, [1]);
      await read;
      await turn();
      expect(runner.position).toBe(3n); // the settle still holds it
      await settled;
      await expect(runner.waitFor(4n, 1000)).resolves.toBe(true);
      await runner.stop();
    });

    it('rejects on a step that throws, the runner going on and the fold resumed', async () => {
      const { store, runner } = await following();
      await expect(runner.readInSlices(reading(runner, true))).rejects.toThrow('a rule failed');
      expect(runner.failure).toBeUndefined();
      append(store, [1]);
      expect(runner.position).toBe(4n);
      await runner.stop();
    });

    it('rejects when stop() ends it, and once stopping', async () => {
      const { runner } = await following();
      const read = runner.readInSlices(reading(runner));
      const stopped = runner.stop();
      await expect(read).rejects.toThrow('stopped during the read');
      await stopped;
      await expect(runner.readInSlices(reading(runner))).rejects.toThrow('stopping');
    });
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

  describe('a live snapshot: cut a slice per event-loop turn, written by a thread of its own (ADR 0142)', () => {
    /** Positions seen, snapshotted as a header and then one part per position, cut lazily. */
    function partsModel(onPart: () => void = () => undefined): ReadModel<{ seen: string[]; days: string[] }> {
      return {
        name: 'parts',
        version: 1,
        initialState: () => ({ seen: [], days: [] }),
        apply: (st, e: RecordedDomainEvent) => {
          st.seen.push(e.position.toString());
          return st;
        },
        onNewDay: (st, ctx) => {
          st.days.push(ctx.today);
          return st;
        },
        serialize: (st) => JSON.stringify(st),
        deserialize: (t) => JSON.parse(t),
        snapshotParts: function* (st) {
          yield JSON.stringify(st.days);
          for (const p of st.seen) {
            onPart();
            yield p; // read as it is cut: a fold meanwhile would show
          }
        },
        restoreParts: function* (parts) {
          let days: string[] | undefined;
          const seen: string[] = [];
          for (const p of parts) {
            if (days === undefined) days = JSON.parse(p) as string[];
            else seen.push(p);
            yield; // a step a part (ADR 0146)
          }
          if (days === undefined) throw new Error('empty snapshot');
          return { seen, days };
        },
      };
    }
    /** A model whose settle runs in slices (a few steps, then counted) while `stale.on`, as a new day's does. */
    function flaggedModel(stale: { on: boolean }): ReadModel<{ settled: number }> {
      return {
        name: 'flagged',
        version: 1,
        initialState: () => ({ settled: 0 }),
        apply: (st) => st,
        settling: (st) =>
          stale.on
            ? (function* () {
                yield;
                yield;
                stale.on = false;
                st.settled += 1;
                return st;
              })()
            : undefined,
        serialize: (st) => JSON.stringify(st),
        deserialize: (t) => JSON.parse(t),
      };
    }
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const seenOf = (r: ProjectionRunner) => r.state<{ seen: string[] }>('parts').seen;
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
    const savedPosition = (file: string) => {
      const reader = new CheckpointStore(file, true);
      try {
        return reader.load().get('parts')?.position;
      } finally {
        reader.close();
      }
    };
    /** Waits (bounded) until the writer thread has committed the snapshot at `position`. */
    const committedAt = async (file: string, position: bigint, waitMs = 5_000) => {
      for (const until = Date.now() + waitMs; savedPosition(file) !== position && Date.now() < until; )
        await new Promise((resolve) => setTimeout(resolve, 10));
      return savedPosition(file);
    };
    const live = { today, snapshotIntervalMs: 3_600_000, snapshotSliceMs: 0 };
    /** A live runner on an empty store, snapshotting every `snapshotEvery` events. */
    const startedLive = async (snapshotEvery: number) => {
      const file = join(dir, 'projections.db');
      const store = new InMemoryEventStore();
      const runner = new ProjectionRunner({ ...live, store, models: [partsModel()], checkpointFile: file, snapshotEvery });
      await runner.start();
      return { file, store, runner };
    };
    /** A runner started from the checkpoint file, as after a restart. */
    const restart = async (store: InMemoryEventStore, file: string, day = today) => {
      const r = new ProjectionRunner({ store, models: [partsModel()], today: day, checkpointFile: file });
      await r.start();
      return r;
    };
    /** A restart resumes reading at `from` (its snapshot's position) and then holds positions 1…`upTo`, each once. */
    const expectRestartFrom = async (store: InMemoryEventStore, file: string, from: bigint, upTo: number) => {
      store.readAllCalls = [];
      const again = await restart(store, file);
      expect(store.readAllCalls[0]).toBe(from);
      expect(again.applied).toBe(upTo - Number(from));
      expect(seenOf(again)).toEqual(range(1, upTo));
      await again.stop();
    };
    /** The process dies here: its writer thread and its file closed, nothing more saved (no stop()). */
    const die = async (r: ProjectionRunner) => {
      await r['writer']?.close();
      r['checkpoints']?.close();
    };
    /** A snapshot at 2 saved by a runner that then stopped, and `tail` events recorded after it. */
    const snapshotAt2ThenTail = async (tail: number) => {
      const file = join(dir, 'projections.db');
      const store = new InMemoryEventStore();
      append(store, [1, 2]);
      await (await restart(store, file)).stop();
      // One append: the in-memory store looks a stream's revision up by scanning every event.
      store.appendSync('group-g1', Array.from({ length: tail }, (_, i) => jointExam(1, i + 3)));
      return { file, store };
    };

    it('applies nothing while the parts are cut over several turns, then resumes with no event skipped or applied twice', async () => {
      const { file, store, runner } = await startedLive(5);
      append(store, [1, 2, 3, 4, 5]); // the fifth starts a snapshot at position 5
      expect(runner.snapshotting).toBe(true);
      append(store, [6, 7, 8]); // recorded meanwhile: not applied yet
      let turns = 0;
      for (const until = Date.now() + 10_000; runner.snapshotting && Date.now() < until; turns++) {
        expect(runner.position).toBe(5n);
        expect(savedPosition(file)).toBeUndefined(); // nothing committed yet
        await turn();
      }
      expect(turns).toBeGreaterThan(3); // the header and five parts, one a turn
      expect(runner.live).toBe(true);
      expect(runner.position).toBe(8n);
      expect(seenOf(runner)).toEqual(range(1, 8));
      expect(await committedAt(file, 5n)).toBe(5n);
      append(store, [9]);
      expect(seenOf(runner)).toEqual(range(1, 9));
      await runner.stop();

      await expectRestartFrom(store, file, 9n, 9); // stop saved at 9, after the live snapshot at 5
    });

    it('while the writer commits a snapshot, the store commits nothing on the event loop (ADR 0182)', async () => {
      const file = join(dir, 'projections.db');
      // A store that can hold its commits off the event loop, as the SQLite store can.
      const store: InMemoryEventStore & { commitOffTheEventLoop?: () => () => void } = new InMemoryEventStore();
      let holds = 0;
      store.commitOffTheEventLoop = () => {
        holds += 1;
        let held = true;
        return () => {
          if (held) holds -= 1;
          held = false;
        };
      };
      const runner = new ProjectionRunner({ ...live, store, models: [partsModel()], checkpointFile: file, snapshotEvery: 5 });
      await runner.start();
      const atCommitted: number[] = [];
      const saveCommitted = runner['saveCommitted'].bind(runner);
      runner['saveCommitted'] = (saving) => {
        atCommitted.push(holds);
        saveCommitted(saving);
      };
      append(store, [1, 2, 3, 4, 5]); // a snapshot at 5
      const whileCut: number[] = [];
      for (const until = Date.now() + 10_000; runner['saving']?.cutting && Date.now() < until; ) {
        whileCut.push(holds);
        await turn();
      }
      expect(whileCut.length).toBeGreaterThan(3);
      expect(whileCut.every((h) => h === 0)).toBe(true); // nothing held while the parts are cut
      for (const until = Date.now() + 10_000; runner['saving'] && Date.now() < until; ) await turn();
      expect(atCommitted).toEqual([1]); // held while the writer committed
      expect(holds).toBe(0); // and released once it had
      expect(savedPosition(file)).toBe(5n);
      await runner.stop();
    });

    describe('a model cut while the fold goes on (ADR 0179)', () => {
      /**
       * Positions seen, a state that only grows: `snapshotPartsWhileFolding` takes how many there
       * are when asked and cuts that many, a part each, noting the runner's position as each is cut.
       */
      const grownModel = (
        cutAt: bigint[],
        runner: () => ProjectionRunner | undefined,
        ended = { count: 0 },
        onPart?: (i: number) => void,
      ): ReadModel<{ seen: string[] }> => ({
        name: 'grown',
        version: 1,
        initialState: () => ({ seen: [] }),
        apply: (st, e: RecordedDomainEvent) => {
          st.seen.push(e.position.toString());
          return st;
        },
        serialize: (st) => JSON.stringify(st),
        deserialize: (t) => JSON.parse(t),
        snapshotParts: (st) => [JSON.stringify(st.seen.length), ...st.seen],
        snapshotPartsWhileFolding: (st) => {
          const count = st.seen.length;
          const parts = (function* () {
            yield JSON.stringify(count);
            for (let i = 0; i < count; i++) {
              cutAt.push(runner()?.position ?? -1n);
              onPart?.(i);
              yield st.seen[i];
            }
          })();
          return releasing(parts, () => (ended.count += 1)); // as a model keeping something for its cut (ADR 0181)
        },
        restoreParts: function* (parts) {
          const seen: string[] = [];
          let first = true;
          for (const p of parts) {
            if (!first) seen.push(p);
            first = false;
            yield;
          }
          return { seen };
        },
      });
      const grownOf = (r: ProjectionRunner) => r.state<{ seen: string[] }>('grown').seen;
      const startedWithGrown = async (
        snapshotEvery: number,
        store = new InMemoryEventStore(),
        file = join(dir, 'projections.db'),
        onPart?: (i: number) => void,
      ) => {
        const cutAt: bigint[] = [];
        const ended = { count: 0 };
        let runner: ProjectionRunner | undefined = undefined;
        runner = new ProjectionRunner({
          ...live,
          store,
          models: [grownModel(cutAt, () => runner, ended, onPart), partsModel()],
          checkpointFile: file,
          snapshotEvery,
        });
        await runner.start();
        return { file, store, runner, cutAt, ended };
      };

      it('holds the fold while the other models are cut, then cuts it while the fold goes on; both saved at the same position', async () => {
        const { file, store, runner, cutAt } = await startedWithGrown(5);
        append(store, [1, 2, 3, 4, 5]); // the fifth starts a snapshot at position 5
        expect(runner.snapshotting).toBe(true);
        append(store, [6, 7]); // recorded meanwhile
        let heldTurns = 0;
        for (const until = Date.now() + 10_000; runner.snapshotting && Date.now() < until; heldTurns++) {
          expect(runner.position).toBe(5n); // held while `parts` is cut (it is cut first, though listed last)
          expect(cutAt).toEqual([]);
          await turn();
        }
        expect(heldTurns).toBeGreaterThan(3); // the header and five parts of `parts`
        expect(await committedAt(file, 5n)).toBe(5n);
        expect(cutAt).toHaveLength(5);
        expect(cutAt.at(-1)).toBe(7n); // the fold went on while `grown` was cut
        expect(runner.position).toBe(7n);
        await die(runner); // nothing after the snapshot at 5 is saved
        const again = new ProjectionRunner({ store, models: [grownModel([], () => undefined), partsModel()], today, checkpointFile: file });
        store.readAllCalls = [];
        await again.start();
        expect(store.readAllCalls[0]).toBe(5n); // both restored at 5, the rest replayed once
        expect(grownOf(again)).toEqual(range(1, 7));
        expect(seenOf(again)).toEqual(range(1, 7));
        await again.stop();
      });

      it('what the turn of a slice queued after it (an append committed, its events read) is folded before the next slice (ADR 0183)', async () => {
        const store = new InMemoryEventStore();
        // After the slice cutting the first part, on its turn, an append is queued: as the store's
        // flush of an append made meanwhile, which then announces the commit to its readers.
        const onPart = (i: number) => {
          if (i === 0) queueMicrotask(() => setImmediate(() => append(store, [6])));
        };
        // The writer never behind, so the next slice is queued by the slice itself (when it is
        // behind, the next slice waits for its message, after whatever was queued meanwhile).
        const behind = jest.spyOn(CheckpointWriter.prototype, 'backlogged', 'get').mockReturnValue(false);
        try {
          const { file, runner, cutAt } = await startedWithGrown(5, store, join(dir, 'projections.db'), onPart);
          append(store, [1, 2, 3, 4, 5]); // the fifth starts a snapshot at position 5
          for (const until = Date.now() + 10_000; runner['saving'] && Date.now() < until; ) await turn();
          expect(await committedAt(file, 5n)).toBe(5n);
          expect(cutAt).toHaveLength(5);
          expect(cutAt[0]).toBe(5n);
          expect(cutAt[1]).toBe(6n); // folded before the second part was cut
          await runner.stop();
        } finally {
          behind.mockRestore();
        }
      });

      it('a new day or a long settle while only its parts are left does not give the snapshot up', async () => {
        let day = today();
        const store = new InMemoryEventStore();
        const file = join(dir, 'projections.db');
        const stale = { on: false };
        const flagged = flaggedModel(stale);
        const runner: ProjectionRunner = new ProjectionRunner({
          ...live,
          today: () => day,
          store,
          models: [grownModel([], () => runner), partsModel(), flagged],
          checkpointFile: file,
          snapshotEvery: 5,
        });
        await runner.start();
        append(store, [1, 2, 3, 4, 5]);
        for (const until = Date.now() + 10_000; runner.snapshotting && Date.now() < until; ) await turn();
        expect(runner['saving']?.cutting).toBe(true); // `grown` still being cut
        day = '2026-11-28';
        runner.refreshDay();
        stale.on = true;
        await runner.settled();
        expect(runner.state<{ settled: number }>('flagged').settled).toBe(1);
        expect(runner['saving']).toBeDefined(); // not given up
        expect(await committedAt(file, 5n)).toBe(5n);
        expect(runner.state<{ days: string[] }>('parts').days).toEqual(['2026-11-28']);
        await runner.stop();
      });

      it('given up once the fold went on, the events its cut counted as saved are unsaved again', async () => {
        const { file, store, runner } = await startedWithGrown(5);
        append(store, [1, 2, 3, 4, 5]);
        for (const until = Date.now() + 10_000; runner.snapshotting && Date.now() < until; ) await turn();
        expect(runner['saving']?.cutting).toBe(true); // `grown` still being cut, the fold going on
        expect(runner['unsaved']).toBe(0);
        append(store, [6, 7]);
        expect(runner['unsaved']).toBe(2);
        runner['abandonSave']()(); // as saveSnapshot(), a rebuild or stop() give it up
        expect(runner['unsaved']).toBe(7);
        await turn();
        expect(savedPosition(file)).toBeUndefined(); // rolled back
        await runner.stop(); // saves the small state on its turn
        expect(savedPosition(file)).toBe(7n);
      });

      it('its parts are ended when the save is given up or fails, begun or not, as when they are cut through (ADR 0181)', async () => {
        const { file, store, runner, ended } = await startedWithGrown(5);
        append(store, [1, 2, 3, 4, 5]);
        expect(runner.snapshotting).toBe(true); // `parts` being cut, the fold held: `grown` not begun
        await turn();
        expect(ended.count).toBe(0);
        runner['abandonSave']()();
        expect(ended.count).toBe(1);
        append(store, [6]); // the next snapshot (at 6: the five events before are still unsaved), cut through
        for (const until = Date.now() + 10_000; runner['saving'] && Date.now() < until; ) await turn();
        expect(ended.count).toBe(2);
        expect(savedPosition(file)).toBe(6n);
        await runner.stop();

        // One that fails while `parts` is cut.
        const other = await startedWithGrown(5, new InMemoryEventStore(), join(dir, 'other.db'));
        append(other.store, [1, 2, 3, 4, 5]);
        expect(other.runner['saving']?.cutting).toBe(true);
        other.runner['saveFailed'](other.runner['saving']!, new Error('disk full'));
        expect(other.ended.count).toBe(1);
        expect(other.runner.failure?.message).toBe('disk full');
        await other.runner.stop();
      });

      it('stop() with a short tail after such a cut lets it commit rather than giving it up', async () => {
        const { file, store, runner } = await startedWithGrown(5);
        append(store, [1, 2, 3, 4, 5]);
        for (const until = Date.now() + 10_000; runner.snapshotting && Date.now() < until; ) await turn();
        expect(runner['saving']?.cutting).toBe(true); // `grown` still being cut
        append(store, [6]);
        runner['saveCostMs'] = 5_000; // a slow save: the one-event tail is left to replay (ADR 0158)
        await runner.stop();
        expect(savedPosition(file)).toBe(5n);
        await expectRestartFrom(store, file, 5n, 6);
      });
    });

    it('a cut that ends while read-only steps run in slices leaves the fold paused until they end (ADR 0160)', async () => {
      const { file, store, runner } = await startedLive(5);
      append(store, [1, 2, 3, 4, 5]); // the fifth starts a snapshot at position 5
      expect(runner.snapshotting).toBe(true);
      const read = runner.readInSlices(
        (function* () {
          while (runner.snapshotting) yield; // outlasts the cut …
          for (let i = 0; i < 5; i++) yield; // … by a few turns
          return seenOf(runner).length;
        })(),
      );
      append(store, [6, 7]); // recorded meanwhile
      for (const until = Date.now() + 10_000; runner.snapshotting && Date.now() < until; ) await turn();
      expect(runner.snapshotting).toBe(false);
      await turn();
      expect(runner.position).toBe(5n); // the read still holds the fold
      await expect(read).resolves.toBe(5);
      await expect(runner.waitFor(7n, 1000)).resolves.toBe(true);
      expect(await committedAt(file, 5n)).toBe(5n);
      await runner.stop();
    });

    it('a long settle gives up a live cut in progress and resumes the fold the cut had paused (ADR 0159)', async () => {
      const file = join(dir, 'projections.db');
      const store = new InMemoryEventStore();
      const stale = { on: false };
      const flagged = flaggedModel(stale);
      const runner = new ProjectionRunner({ ...live, store, models: [partsModel(), flagged], checkpointFile: file, snapshotEvery: 5 });
      await runner.start();
      append(store, [1, 2, 3, 4, 5]); // a snapshot at 5 begins: its cut pauses the fold
      expect(runner.snapshotting).toBe(true);
      stale.on = true;
      await runner.settled();
      expect(runner.state<{ settled: number }>('flagged').settled).toBe(1);
      expect(runner.snapshotting).toBe(false); // given up: its states were about to change
      append(store, [6]);
      expect(runner.position).toBe(6n); // the fold the cut had paused follows again
      await runner.stop();
    });

    it('saveSnapshot() during a live cut gives the cut up, saves on its turn and resumes the fold the cut had paused', async () => {
      const { file, store, runner } = await startedLive(5);
      append(store, [1, 2, 3, 4, 5]); // a snapshot at 5 begins: its cut pauses the fold
      append(store, [6]);
      expect(runner.snapshotting).toBe(true);
      expect(runner.position).toBe(5n);
      runner.saveSnapshot();
      expect(runner.snapshotting).toBe(false);
      expect(savedPosition(file)).toBe(5n); // the states it held
      expect(runner.position).toBe(6n); // the event held back, applied as the fold resumed
      append(store, [7]);
      expect(runner.position).toBe(7n);
      await runner.stop();
    });

    it('a rebuild during a live cut releases its hold: the next live cut pauses the fold and resumes it', async () => {
      const { file, store, runner } = await startedLive(5);
      append(store, [1, 2, 3, 4, 5]); // a snapshot at 5 begins
      expect(runner.snapshotting).toBe(true);
      await runner.rebuild(); // saves at 5 itself
      expect(runner.position).toBe(5n);
      append(store, [6, 7, 8, 9, 10]); // five more: a live snapshot at 10 (on its timer, spaced after the rebuild's)
      for (const until = Date.now() + 5_000; !runner.snapshotting && Date.now() < until; ) await turn();
      expect(runner.snapshotting).toBe(true);
      append(store, [11]);
      expect(runner.position).toBe(10n); // paused while it is cut
      expect(await committedAt(file, 10n)).toBe(10n);
      expect(runner.position).toBe(11n); // and following again once it is
      await runner.stop();
    });

    it('the snapshot the writer committed pairs its state with its position', async () => {
      const { file, store, runner } = await startedLive(3);
      append(store, [1, 2, 3]); // a snapshot at 3 begins
      append(store, [4, 5]);
      expect(await committedAt(file, 3n)).toBe(3n);
      await die(runner); // nothing after the live snapshot is saved
      await expectRestartFrom(store, file, 3n, 5);
    });

    it('hands the writer at most MAX_PARTS_IN_FLIGHT parts it has not written, however long a slice', async () => {
      const file = join(dir, 'projections.db');
      const store = new InMemoryEventStore();
      let most = 0;
      let runner: ProjectionRunner | undefined = undefined;
      const model = partsModel(() => {
        const writer = runner?.['writer'];
        if (writer) most = Math.max(most, writer['inFlight']);
      });
      runner = new ProjectionRunner({ ...live, store, models: [model], checkpointFile: file, snapshotEvery: 200, snapshotSliceMs: 60_000 });
      await runner.start();
      append(store, Array.from({ length: 200 }, (_, i) => i % 7));
      expect(await committedAt(file, 200n)).toBe(200n);
      expect(most).toBe(MAX_PARTS_IN_FLIGHT - 1); // seen as each part is cut, before it is handed over
      await runner.stop();
      await expectRestartFrom(store, file, 200n, 200);
    });

    it('stop() while the parts are cut gives that snapshot up and saves at its position; events held back stay for the next start', async () => {
      const { file, store, runner } = await startedLive(4);
      append(store, [1, 2, 3, 4]);
      append(store, [5, 6]);
      await turn();
      expect(runner.snapshotting).toBe(true);
      await runner.stop();
      expect(runner.snapshotting).toBe(false);
      expect(savedPosition(file)).toBe(4n);
      await expectRestartFrom(store, file, 4n, 6);
    });

    describe('a snapshot due with no event after it begins on a timer (ADR 0145)', () => {
      /** A live runner, started, snapshotting `intervalMs` after the last save (or every `snapshotEvery` events). */
      const startedQuiet = async (intervalMs: number, snapshotEvery = 1_000_000, store = new InMemoryEventStore()) => {
        const file = join(dir, 'projections.db');
        const runner = new ProjectionRunner({ ...live, store, models: [partsModel()], checkpointFile: file, snapshotEvery, snapshotIntervalMs: intervalMs });
        await runner.start();
        return { file, store, runner };
      };

      it('events recorded, then none: saved once the interval has passed, not at the next event', async () => {
        const { file, store, runner } = await startedQuiet(100);
        append(store, [1, 2, 3]); // applied live, before the interval has passed: not due yet
        expect(runner.snapshotting).toBe(false);
        expect(savedPosition(file)).toBeUndefined();
        expect(await committedAt(file, 3n)).toBe(3n);
        await die(runner); // what the timer saved is what a restart resumes from
        await expectRestartFrom(store, file, 3n, 3);
      });

      it("the catch-up's tail too: a start that replayed a few events saves them while nothing else happens", async () => {
        const store = new InMemoryEventStore();
        append(store, [1, 2]);
        await (await restart(store, join(dir, 'projections.db'))).stop(); // the previous snapshot, at 2
        append(store, [3, 4, 5]); // recorded while no projector ran
        const { file, runner } = await startedQuiet(100, undefined, store);
        expect(runner.applied).toBe(3);
        expect(await committedAt(file, 5n)).toBe(5n);
        await die(runner);
        await expectRestartFrom(store, file, 5n, 5);
      });

      it('a timer that finds the snapshot not due yet (a save by count moved the interval on) waits again', async () => {
        const { file, store, runner } = await startedQuiet(200, 3);
        append(store, [1]); // not due: a timer is set for the interval
        append(store, [2, 3]); // the third starts a snapshot at 3 (by count), well before the timer
        expect(await committedAt(file, 3n)).toBe(3n);
        append(store, [4]); // the timer is set already; when it fires, 200 ms since that save have not passed
        expect(await committedAt(file, 4n)).toBe(4n);
        await die(runner);
        await expectRestartFrom(store, file, 4n, 4);
      });

      it('one timer for when the snapshot is due, not a poll: nothing runs before then', async () => {
        const { file, store, runner } = await startedQuiet(3_600_000);
        const checks = jest.spyOn(runner as unknown as { maybeSnapshot: () => unknown }, 'maybeSnapshot');
        append(store, [1, 2, 3]);
        expect(checks).toHaveBeenCalledTimes(3); // once per event
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(checks).toHaveBeenCalledTimes(3); // the timer waits the hour
        expect(savedPosition(file)).toBeUndefined();
        await runner.stop();
        expect(savedPosition(file)).toBe(3n);
      });

      it('events applied while the writer committed a snapshot are saved by the next one, with no event after them', async () => {
        const { file, store, runner } = await startedQuiet(100, 1);
        append(store, [1]); // a snapshot at 1 begins at once (by count): no timer was set before it
        expect(runner.snapshotting).toBe(true);
        append(store, [2, 3]); // held back while the parts are cut, applied before the commit
        // The snapshot at 1 commits, then one at 3 follows at once (spaced by the first's few ms).
        expect(await committedAt(file, 3n)).toBe(3n);
        await die(runner);
        await expectRestartFrom(store, file, 3n, 3);
      });
    });

    describe('while live, a slow snapshot begins only once a restart would replay its tail no sooner (ADR 0158)', () => {
      /** A live runner whose saves (as if) take `saveCostMs` of work, due by count every event and by time at once. */
      const startedSlow = async (saveCostMs: number) => {
        const file = join(dir, 'projections.db');
        const store = new InMemoryEventStore();
        const runner = new ProjectionRunner({ ...live, store, models: [partsModel()], checkpointFile: file, snapshotEvery: 1, snapshotIntervalMs: 1 });
        await runner.start();
        runner['saveCostMs'] = saveCostMs;
        return { file, store, runner };
      };

      it('a few events after a 5 s save: no snapshot, by count, by time or on the timer; the fold goes on', async () => {
        const { file, store, runner } = await startedSlow(5_000);
        append(store, [1, 2, 3]);
        expect(runner.snapshotting).toBe(false);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(runner.snapshotting).toBe(false);
        expect(savedPosition(file)).toBeUndefined();
        append(store, [4]);
        expect(runner.position).toBe(4n); // applied at once: no pause
        expect(runner['dueTimer']).toBeUndefined(); // no time makes it due: nothing armed
        await die(runner);
        await expectRestartFrom(store, file, 0n, 4);
      });

      it('a tail that replays as slowly as a 1 s save (20,000 events at 0.05 ms): saved', async () => {
        const { file, store, runner } = await startedSlow(1_000);
        store.appendSync('group-g1', Array.from({ length: 19_999 }, (_, i) => jointExam(1, i + 1)));
        expect(runner.position).toBe(19_999n);
        expect(runner.snapshotting).toBe(false); // one event short
        store.appendSync('group-g1', [jointExam(1, 20_000)]);
        expect(await committedAt(file, 20_000n)).toBe(20_000n);
        await die(runner);
      }, 30_000);

      it('a tail worth saving while the spacing still runs: saved when the spacing ends, with no event after it', async () => {
        const { file, store, runner } = await startedSlow(1_000);
        runner['lastSave'] = Date.now();
        // The next one spaced 4 s after this "save": longer than applying the 20,000 events takes on a
        // slow machine (at 400 ms the spacing could end during the append, and the snapshot began there).
        runner['lastSaveMs'] = 1_000;
        store.appendSync('group-g1', Array.from({ length: 20_000 }, (_, i) => jointExam(1, i + 1)));
        expect(runner.snapshotting).toBe(false); // worth it, but spaced
        expect(await committedAt(file, 20_000n, 15_000)).toBe(20_000n); // the timer began it
        await die(runner);
      }, 30_000);

      it('a small state keeps its rules: a snapshot by count at once', async () => {
        const { file, store, runner } = await startedSlow(5);
        append(store, [1]);
        expect(runner.snapshotting || savedPosition(file) === 1n).toBe(true);
        expect(await committedAt(file, 1n)).toBe(1n);
        await die(runner);
      });
    });

    describe('at stop(), a slow snapshot is saved only when its tail would take longer to replay (ADR 0144)', () => {
      /** Started after a snapshot at 2 with `tail` events to catch up; its state (as if) took `saveCostMs` to restore. */
      const startedWithTail = async (saveCostMs: number, tail: number, snapshotEvery = 1_000_000) => {
        const logged: string[] = [];
        const { file, store } = await snapshotAt2ThenTail(tail);
        const runner = new ProjectionRunner({ ...live, store, models: [partsModel()], checkpointFile: file, snapshotEvery, log: (_, m) => logged.push(m) });
        await runner.start();
        runner['saveCostMs'] = saveCostMs;
        return { file, store, runner, logged };
      };

      it('not saved: 3 events replay in ~0.15 ms, saving takes 5 s; the next start replays them', async () => {
        const { file, store, runner, logged } = await startedWithTail(5_000, 3);
        await runner.stop();
        expect(savedPosition(file)).toBe(2n);
        expect(logged).toContainEqual(expect.stringMatching(/snapshot not saved at stop: replaying the 3 events .* \(~1 ms\) is quicker than saving \(~5000 ms\)/));
        await expectRestartFrom(store, file, 2n, 5);
      });

      it('saved: 20,000 events would replay in ~1 s, as long as saving takes; cut a slice a turn and committed by the writer', async () => {
        const { file, runner } = await startedWithTail(1_000, 20_000);
        let savedWhenOtherWorkRan: bigint | undefined | 'did not run' = 'did not run';
        setImmediate(() => (savedWhenOtherWorkRan = savedPosition(file)));
        await runner.stop();
        expect(savedWhenOtherWorkRan).toBe(2n); // the event loop was free during the save, before its commit
        expect(savedPosition(file)).toBe(20_002n);
      });

      it('not saved, and a live snapshot being cut is given up (rolled back)', async () => {
        const { file, store, runner } = await startedWithTail(5_000, 0, 3);
        runner['saveCostMs'] = 5; // quick while live: a snapshot of a short tail begins (ADR 0158)
        append(store, [3, 4, 5]); // a live snapshot at 5 begins
        expect(runner.snapshotting).toBe(true);
        runner['saveCostMs'] = 5_000; // slow by the time stop() comes
        await runner.stop();
        expect(runner.snapshotting).toBe(false);
        expect(savedPosition(file)).toBe(2n);
        await expectRestartFrom(store, file, 2n, 5);
      });
    });

    describe('a catch-up after a slow restore snapshots only once a restart would replay its tail no sooner (ADR 0169)', () => {
      /**
       * Started after a snapshot at 2 with `tail` events to catch up, snapshotting every 1,000
       * events; its restore does `restoreMs` of work (a busy wait), so that it counts as the cost of
       * a save: at 1 s, 20,000 events at 0.05 ms each.
       */
      const startedAfterSlowRestore = async (restoreMs: number, tail: number) => {
        const { file, store } = await snapshotAt2ThenTail(tail);
        const model = partsModel();
        const restoreParts = model.restoreParts!;
        const slowModel: typeof model = {
          ...model,
          restoreParts: function* (parts) {
            for (const until = performance.now() + restoreMs; performance.now() < until; );
            return yield* restoreParts(parts);
          },
        };
        const runner = new ProjectionRunner({ ...live, store, models: [slowModel], checkpointFile: file, snapshotEvery: 1_000 });
        // Every snapshot begun: its position and the save cost it was weighed against (the restore's
        // for the first one, the first save's own after it).
        const begun: Array<{ position: bigint; costMs: number }> = [];
        const begin = runner['beginSlicedSave'].bind(runner);
        runner['beginSlicedSave'] = (checkpoints: CheckpointStore) => {
          begun.push({ position: runner.position, costMs: runner['saveCostMs'] });
          return begin(checkpoints);
        };
        await runner.start(); // restored, then caught up
        return { file, store, runner, begun };
      };

      it('5,000 events after a 1 s restore: no snapshot in the catch-up, though 1,000 events are due by count', async () => {
        const { file, store, runner, begun } = await startedAfterSlowRestore(1_000, 5_000);
        try {
          expect(runner['saveCostMs']).toBeGreaterThanOrEqual(1_000);
          expect(runner.position).toBe(5_002n);
          expect(begun).toEqual([]);
        } finally {
          await runner.stop(); // waits for any commit in flight; saves nothing (quicker to replay)
        }
        expect(savedPosition(file)).toBe(2n);
        await expectRestartFrom(store, file, 2n, 5_002);
      }, 30_000);

      it('40,000 events after a 1 s restore: saved in the catch-up once the tail replays as slowly as the restore took', async () => {
        const { file, runner, begun } = await startedAfterSlowRestore(1_000, 40_000);
        let due = Infinity;
        try {
          const restoreMs = begun[0].costMs;
          expect(restoreMs).toBeGreaterThanOrEqual(1_000);
          expect(restoreMs).toBeLessThan(2_000); // else the tail is not worth saving: the case would say nothing
          // The first page end (pages of 500 from 2) at which the unsaved tail is worth saving.
          due = 2 + 500 * Math.ceil(restoreMs / 0.05 / 500);
          expect(begun[0].position).toBe(BigInt(due));
          expect(runner.position).toBe(40_002n);
        } finally {
          await runner.stop();
        }
        expect(Number(savedPosition(file))).toBeGreaterThanOrEqual(due);
      }, 30_000);
    });

    it('a new day gives the snapshot up (the previous one stays) and following resumes at once', async () => {
      let day = '2026-11-27';
      const file = join(dir, 'projections.db');
      const store = new InMemoryEventStore();
      append(store, [1, 2]);
      await (await restart(store, file, () => day)).stop(); // the previous snapshot, at 2
      const runner = new ProjectionRunner({
        ...live,
        store,
        models: [partsModel()],
        today: () => day,
        checkpointFile: file,
        snapshotEvery: 3,
      });
      await runner.start();
      append(store, [3, 4, 5]);
      await turn();
      expect(runner.snapshotting).toBe(true);
      append(store, [6]);
      day = '2026-11-28';
      runner.settle(); // a query on the new day
      // Given up and rolled back; following resumed and applied 6, which starts the next snapshot.
      expect(runner.position).toBe(6n);
      expect(runner.state<{ days: string[] }>('parts').days).toEqual(['2026-11-28']);
      expect(savedPosition(file)).toBe(2n);
      expect(await committedAt(file, 6n)).toBe(6n);
      await runner.stop();
      const restored = await restart(store, file, () => day);
      expect(restored.applied).toBe(0);
      expect(restored.state('parts')).toEqual({ seen: range(1, 6), days: ['2026-11-28'] });
      await restored.stop();
    });
    describe('during a catch-up (ADR 0143)', () => {
      /** A runner not started yet over `events` recorded events, snapshotting every 10 in its catch-up. */
      const toCatchUp = (events: number, batchSize: number) => {
        const file = join(dir, 'projections.db');
        const store = new InMemoryEventStore();
        append(store, Array.from({ length: events }, (_, i) => i % 5));
        const runner = new ProjectionRunner({ ...live, store, models: [partsModel()], checkpointFile: file, snapshotEvery: 10, batchSize });
        return { file, store, runner };
      };

      it('a due snapshot pauses the catch-up while its parts are cut over several turns; then it goes on, and a restart resumes from it', async () => {
        const { file, store, runner } = toCatchUp(30, 3);
        let done = false;
        const started = runner.start().then(() => (done = true));
        const cuts: bigint[][] = []; // the positions seen on each turn of each cut
        for (const until = Date.now() + 10_000; !done && Date.now() < until; ) {
          if (runner.snapshotting) {
            if (cuts.length === 0 || cuts[cuts.length - 1].length === 0) cuts.push([]);
            cuts[cuts.length - 1].push(runner.position);
          } else if (cuts.length > 0 && cuts[cuts.length - 1].length > 0) cuts.push([]);
          await turn();
        }
        await started;
        const seen = cuts.filter((c) => c.length > 0);
        expect(seen.length).toBeGreaterThan(0);
        expect(seen[0][0]).toBe(12n); // the first page end with 10 or more unsaved events
        for (const c of seen) {
          expect(c.length).toBeGreaterThan(3); // a header and one part a position, one a turn
          expect(new Set(c).size).toBe(1); // nothing applied while cutting
        }
        expect(runner.live).toBe(true);
        expect(seenOf(runner)).toEqual(range(1, 30));
        const first = seen[0][0];
        await die(runner); // only the catch-up's snapshots are saved
        const saved = savedPosition(file);
        expect(saved).toBeDefined();
        expect(saved! >= first).toBe(true);
        await expectRestartFrom(store, file, saved!, 30);
      });

      it('stop() while its snapshot is cut ends the catch-up (start resolves, not live) and saves at its position', async () => {
        const { file, store, runner } = toCatchUp(40, 5);
        const started = runner.start();
        for (let i = 0; i < 1000 && !runner.snapshotting; i++) await turn();
        expect(runner.snapshotting).toBe(true);
        const at = runner.position;
        expect(at).toBe(10n);
        await runner.stop();
        await started; // without the cut's end answered, this would wait for ever
        expect(runner.live).toBe(false);
        expect(runner.position).toBe(at); // no page read after the stop
        expect(savedPosition(file)).toBe(at);
        await expectRestartFrom(store, file, at, 40);
      });

      it('a snapshot the writer fails stops the catch-up there: start resolves with the failure, not live', async () => {
        const { runner } = toCatchUp(40, 5);
        const sink: SnapshotSink = { begin: () => undefined, model: () => undefined, part: () => undefined, row: () => undefined, dropModel: () => undefined, commit: () => undefined, rollback: () => undefined, inTransaction: false };
        runner['writer'] = {
          start: () => ({ began: Promise.reject(new Error('disk full')), outcome: new Promise(() => undefined), sink }),
          close: async () => undefined,
          backlogged: false,
        } as unknown as CheckpointWriter;
        await runner.start(); // without the cut's end answered on failure, this would wait for ever
        expect(runner.failure?.message).toBe('disk full');
        expect(runner.live).toBe(false);
        expect(runner.position).toBe(10n); // the page after which the snapshot was due: no further
        runner['checkpoints']?.close();
      });
    });

    describe('a chunked snapshot restored at start, a slice per event-loop turn (ADR 0146)', () => {
      /** The parts model twice: the second one's parts are read after the first one's. */
      const twoModels = () => [partsModel(), { ...partsModel(), name: 'later' }];
      const laterOf = (r: ProjectionRunner) => r.state<{ seen: string[] }>('later').seen;
      /** A checkpoint file holding both models' snapshots at 12 (a header and 12 parts each). */
      const savedAt12 = async () => {
        const file = join(dir, 'projections.db');
        const store = new InMemoryEventStore();
        append(store, range(1, 12).map(Number));
        const first = new ProjectionRunner({ today, store, models: twoModels(), checkpointFile: file });
        await first.start();
        first.saveSnapshot();
        await first.stop();
        expect(savedPosition(file)).toBe(12n);
        return { file, store };
      };
      /** A restart that restores a step per turn (slices of 0 ms). */
      const sliced = (store: InMemoryEventStore, file: string, readOnlyCheckpoints = false) =>
        new ProjectionRunner({ today, store, models: twoModels(), checkpointFile: file, snapshotSliceMs: 0, readOnlyCheckpoints });

      it('yields the event loop between slices, then folds on from the snapshot with nothing applied twice', async () => {
        const { file, store } = await savedAt12();
        store.readAllCalls = [];
        const runner = sliced(store, file);
        const started = runner.start();
        let turns = 0;
        for (; runner.restoringSnapshots && turns < 1_000; turns++) {
          expect(runner.position).toBe(0n); // not whole yet: nothing says it is
          await turn();
        }
        await started;
        expect(turns).toBeGreaterThanOrEqual(24); // a header and 12 parts a model, a step a turn
        expect(runner.restoringSnapshots).toBe(false);
        expect(runner.position).toBe(12n);
        expect(store.readAllCalls[0]).toBe(12n);
        expect(seenOf(runner)).toEqual(range(1, 12));
        expect(laterOf(runner)).toEqual(range(1, 12));
        append(store, [13]);
        expect(seenOf(runner)).toEqual(range(1, 13));
        await runner.stop();
      });

      it('stop() during the restore ends it after its slice: nothing half-restored is kept or saved, the next start restores it all', async () => {
        const { file, store } = await savedAt12();
        const runner = sliced(store, file);
        const started = runner.start();
        await turn();
        await turn();
        expect(runner.restoringSnapshots).toBe(true);
        await runner.stop(); // the file is closed only once the restore let go of it
        await started; // resolves: a stop is not a failure
        expect(runner.failure).toBeUndefined();
        expect(runner.live).toBe(false);
        expect(runner.position).toBe(0n);
        expect(seenOf(runner)).toEqual([]); // the model's half-built state was never put in place
        expect(savedPosition(file)).toBe(12n);
        await expectRestartFrom(store, file, 12n, 12);
      });

      it('reads one committed snapshot across its slices while another connection saves a newer one', async () => {
        const { file, store } = await savedAt12();
        const writer = new ProjectionRunner({ today, store, models: twoModels(), checkpointFile: file });
        await writer.start(); // restored at 12
        const reader = sliced(store, file, true); // ledger-api reading the projector's file
        const started = reader.start();
        await turn();
        expect(reader.restoringSnapshots).toBe(true);
        append(store, [13, 14, 15]);
        writer.saveSnapshot(); // committed at 15 mid-restore
        expect(savedPosition(file)).toBe(15n);
        await started;
        // The rows at 12 with the parts at 12 (the second model's too, read after the save), then
        // 13…15 from the log: each position once.
        expect(seenOf(reader)).toEqual(range(1, 15));
        expect(laterOf(reader)).toEqual(range(1, 15));
        expect(reader.position).toBe(15n);
        await reader.stop();
        await writer.stop();
      });
    });
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
