import type { AppliedChange } from '@ledger/projections';
import { changeFrames } from './stream.controller';

/** A change whose event data counts how often it is serialised. */
function change(position: bigint, findings = 0): { change: AppliedChange; serialised: () => number } {
  let count = 0;
  const data = { toJSON: () => (count++, { name: '长沙市第一中学' }) };
  const event = {
    eventId: `e${position}`,
    streamId: 'school-1',
    type: 'SchoolRegistered',
    revision: 0n,
    position,
    data,
    metadata: { occurredOn: '2024-09-01', recordedAt: '2024-09-01T08:00:00.000Z', actor: { sub: 'u1' } },
  };
  const found = Array.from({ length: findings }, (_, i) => ({
    change: 'opened' as const,
    eventId: event.eventId,
    position,
    finding: { ruleId: `R0${i + 1}` },
  }));
  return { change: { event, findings: found } as unknown as AppliedChange, serialised: () => count };
}

describe('changeFrames (ADR 0187)', () => {
  it('is the event frame then one frame per finding, each with the position as its id', () => {
    const { change: c } = change(42n, 2);
    const frames = changeFrames(c).toString('utf8').split('\n\n').filter(Boolean);
    expect(frames.map((f) => f.split('\n').slice(0, 2))).toEqual([
      ['event: ledger-event', 'id: 42'],
      ['event: finding', 'id: 42'],
      ['event: finding', 'id: 42'],
    ]);
    expect(JSON.parse(frames[0].split('\ndata: ')[1])).toEqual({
      eventId: 'e42',
      streamId: 'school-1',
      type: 'SchoolRegistered',
      revision: '0',
      position: '42',
      occurredOn: '2024-09-01',
      recordedAt: '2024-09-01T08:00:00.000Z',
      actor: { sub: 'u1' },
      data: { name: '长沙市第一中学' }, // UTF-8 bytes
    });
    expect(JSON.parse(frames[2].split('\ndata: ')[1])).toEqual({
      change: 'opened',
      eventId: 'e42',
      position: '42',
      finding: { ruleId: 'R02' },
    });
  });

  it('serialises a change once however many streams write it; another change is serialised anew', () => {
    const a = change(1n);
    const b = change(2n);
    const first = changeFrames(a.change);
    for (let client = 0; client < 100; client++) expect(changeFrames(a.change)).toBe(first);
    expect(a.serialised()).toBe(1);
    expect(changeFrames(b.change)).not.toBe(first);
    expect(b.serialised()).toBe(1);
  });
});
