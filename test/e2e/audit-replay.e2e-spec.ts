/**
 * `ledger-cli replay`: a subject as of a valid day, as known at an instant, with the events that
 * produced its state and findings — here a contract draft submitted with no city consent (R01),
 * retracted later: before the retraction was recorded the finding stands, after it it is gone.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BOCAI_PRIMARY, YALI, foldLedger, parseRecordedEvent, scenario, type RecordedDomainEvent, type SubjectRef } from '@ledger/domain';
import { createEventStore } from '@ledger/event-store';
import { InMemoryEventStore } from '@ledger/event-store/testing/in-memory-event-store';
import { seedDemo } from '@ledger/projections';
import { foldLog, replayOnView, replaySubject, runReplay, parseKnownAt } from '../../apps/ledger-cli/src/commands/replay.command';

function history(): { events: RecordedDomainEvent[]; cooperationId: string; draftId: string } {
  const s = scenario()
    .school(YALI)
    .school(BOCAI_PRIMARY)
    .on('2021-01-10')
    .formsGroup(YALI, { groupId: 'G-YALI' })
    .proposes(BOCAI_PRIMARY, { cooperationId: 'C-1' })
    .on('2021-03-01')
    .submitsDraft()
    .as('draft')
    .on('2021-06-01')
    .retracts('draft');
  return { events: s.events(), cooperationId: 'C-1', draftId: s.eventId('draft') };
}

describe('ledger-cli replay', () => {
  const { events, cooperationId, draftId } = history();
  const subject = { type: 'cooperation', id: cooperationId } as const;

  it('as known before the retraction: the finding, its evidence, and the events behind the state', () => {
    const r = replaySubject(events, subject, '2021-05-01', { instant: '2021-05-01T00:00:00Z' });
    expect(r.state).not.toBeNull();
    expect(r.events.map((e) => e.type)).toEqual(expect.arrayContaining(['CooperationProposed', 'ContractDraftSubmitted']));
    const r01 = r.findings.filter((f) => f.ruleId === 'R01');
    expect(r01).toHaveLength(1);
    expect(r01[0].evidence).toContain(draftId);
    expect(r.retracted).toEqual([]);
  });

  it('as known after the retraction: the draft is listed as retracted and the finding is gone', () => {
    const r = replaySubject(events, subject, '2021-07-01', { instant: '2021-07-01T00:00:00Z' });
    expect(r.findings.filter((f) => f.ruleId === 'R01')).toEqual([]);
    expect(r.events.map((e) => e.eventId)).not.toContain(draftId);
    expect(r.retracted).toEqual([expect.objectContaining({ eventId: draftId, type: 'ContractDraftSubmitted' })]);
  });

  it('as of a day before the draft took effect: no draft, no finding, even when everything is known', () => {
    const r = replaySubject(events, subject, '2021-02-01');
    expect(r.events.map((e) => e.type)).not.toContain('ContractDraftSubmitted');
    expect(r.findings.filter((f) => f.ruleId === 'R01')).toEqual([]);
  });

  it('reads --known-at as an instant or a position, and refuses anything else', () => {
    expect(parseKnownAt('2024-01-10T00:00:00Z')).toEqual({ instant: '2024-01-10T00:00:00Z' });
    expect(parseKnownAt('42')).toEqual({ position: '42' });
    expect(() => parseKnownAt('yesterday')).toThrow(/--known-at/);
  });

  it('runs against a store on disk (LEDGER_DATA_DIR)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-replay-'));
    try {
      const store = await createEventStore({ kind: 'sqlite', dataDir: dir });
      for (const e of events) {
        await store.appendToStream(e.streamId, [{ eventId: e.eventId, type: e.type, data: e.data as never, metadata: e.metadata as never }]);
      }
      await store.close();
      const told: string[] = [];
      const progress = { start: (n: bigint) => told.push(`start ${n}`), update: (p: bigint) => told.push(`at ${p}`), stop: () => told.push('stop') };
      const r = await runReplay({ subject: `cooperation-${cooperationId}`, asOf: '2021-05-01', knownAt: '2021-05-01T00:00:00Z', dataDir: dir, env: { EVENT_STORE: 'sqlite' }, progress });
      expect(r.findings.some((f) => f.ruleId === 'R01')).toBe(true);
      expect(told).toEqual([`start ${events.length}`, `at ${events.length}`, 'stop']);
      told.length = 0;
      await runReplay({ subject: `cooperation-${cooperationId}`, asOf: '2021-05-01', knownAt: '2', dataDir: dir, env: { EVENT_STORE: 'sqlite' }, progress });
      expect(told).toEqual(['start 2', 'at 2', 'stop']); // read up to the known-at position only
      await expect(runReplay({ subject: 'cooperation-C-1', asOf: '2021-13-01', dataDir: dir, env: {} })).rejects.toThrow(/--as-of/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ledger-cli replay on a city: the log folded page by page, and read only up to a known-at position', () => {
  it('answers as replaying every event read into memory would, for each subject kind and position', async () => {
    const store = new InMemoryEventStore();
    await seedDemo(store, { groups: 12, today: '2026-11-27' });
    const events = store.events.map((e) => parseRecordedEvent(e));
    const pages: bigint[] = [];
    const folded = await foldLog(store, undefined, { pageSize: 97, onPage: (p) => pages.push(p) });
    expect(folded).toEqual(foldLedger(events)); // many short pages
    expect(pages).toEqual(Array.from({ length: Math.ceil(events.length / 97) }, (_, i) => BigInt(Math.min((i + 1) * 97, events.length))));
    const groupId = (events.find((e) => e.type === 'GroupFormed')!.data as { groupId: string }).groupId;
    const coop = events.find((e) => e.type === 'CooperationProposed')!.data as { cooperationId: string; leadSchoolId: string };
    const subjects: SubjectRef[] = [
      { type: 'group', id: groupId },
      { type: 'cooperation', id: coop.cooperationId },
      { type: 'school', id: coop.leadSchoolId },
    ];
    const head = events.length;
    let compared = 0;
    for (const position of [1, 97, Math.floor(head / 3), Math.floor(head / 2) + 1, head - 1]) {
      const view = await foldLog(store, BigInt(position), { pageSize: 97 });
      expect(view.eventCount).toBe(position); // read no further than known-at
      for (const subject of subjects) {
        for (const asOf of ['2021-06-01', '2026-11-27']) {
          const knownAt = { position: String(position) };
          const expected = replaySubject(events, subject, asOf, knownAt);
          expect(replayOnView(view, subject, asOf, knownAt)).toEqual(expected);
          if (expected.findings.length > 0 || expected.events.length > 0) compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10); // not only empty answers compared
  });

  it("shows the findings' evidence from other subjects' streams, in log order, each with its subject (found without an index of event ids, ADR 0177)", async () => {
    const store = new InMemoryEventStore();
    await seedDemo(store, { groups: 12, today: '2026-11-27' });
    const events = store.events.map((e) => parseRecordedEvent(e));
    const byId = new Map(events.map((e) => [e.eventId, e]));
    const view = foldLedger(events);
    let cited = 0;
    for (const type of ['school', 'group', 'cooperation'] as const) {
      for (const id of (type === 'school' ? view.schools : type === 'group' ? view.groups : view.cooperations).keys()) {
        const r = replayOnView(view, { type, id }, '2026-11-27');
        const shown = new Set(r.events.map((e) => e.eventId));
        const expected = [...new Set(r.findings.flatMap((f) => f.evidence))]
          .filter((e) => !shown.has(e) && byId.has(e))
          .sort((a, b) => Number(byId.get(a)!.position - byId.get(b)!.position));
        expect(r.evidence.map((e) => e.eventId)).toEqual(expected);
        for (const e of r.evidence) {
          const stored = byId.get(e.eventId)!;
          expect(e.subject.replace(':', '-')).toBe(stored.streamId);
          expect(e).toMatchObject({ type: stored.type, position: String(stored.position), occurredOn: stored.metadata.occurredOn });
        }
        cited += r.evidence.length;
      }
    }
    expect(cited).toBeGreaterThan(0); // some findings cite other subjects' events
  });
});
