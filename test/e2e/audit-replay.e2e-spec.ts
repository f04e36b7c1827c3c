/**
 * `ledger-cli replay`: a subject as of a valid day, as known at an instant, with the events that
 * produced its state and findings — here a contract draft submitted with no city consent (R01),
 * retracted later: before the retraction was recorded the finding stands, after it it is gone.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BOCAI_PRIMARY, YALI, scenario, type RecordedDomainEvent } from '@ledger/domain';
import { createEventStore } from '@ledger/event-store';
import { replaySubject, runReplay, parseKnownAt } from '../../apps/ledger-cli/src/commands/replay.command';

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
      const r = await runReplay({ subject: `cooperation-${cooperationId}`, asOf: '2021-05-01', knownAt: '2021-05-01T00:00:00Z', dataDir: dir, env: { EVENT_STORE: 'sqlite' } });
      expect(r.findings.some((f) => f.ruleId === 'R01')).toBe(true);
      await expect(runReplay({ subject: 'cooperation-C-1', asOf: '2021-13-01', dataDir: dir, env: {} })).rejects.toThrow(/--as-of/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
