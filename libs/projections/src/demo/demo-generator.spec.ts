import { DemoGenerator } from './demo-generator';

describe('DemoGenerator', () => {
  const events = new DemoGenerator({ groups: 40, today: '2026-11-27' }).all();

  it('is deterministic for a seed', () => {
    const again = new DemoGenerator({ groups: 40, today: '2026-11-27' }).all();
    expect(again).toEqual(events);
  });

  it('produces a few thousand events with 10-digit school ids and Changsha districts', () => {
    expect(events.length).toBeGreaterThan(1500);
    expect(events.length).toBeLessThan(10000);
    const schools = events.filter((e) => e.event.type === 'SchoolRegistered').map((e) => e.event.data as { schoolId: string; name: string });
    expect(schools.every((s) => /^\d{10}$/.test(s.schoolId))).toBe(true);
    expect(new Set(schools.map((s) => s.schoolId)).size).toBe(schools.length);
    expect(schools.map((s) => s.name)).toEqual(expect.arrayContaining(['长郡中学', '雅礼中学', '长沙市一中', '湖南师大附中', '周南中学', '长沙市实验小学']));
  });

  it('records late events and retractions, never after today, each stream in recording order', () => {
    const meta = events.map((e) => e.event.metadata as { occurredOn: string; recordedAt: string });
    expect(meta.every((m) => m.recordedAt <= '2026-11-27T23:59:59Z' && m.occurredOn <= '2026-11-27')).toBe(true);
    const late = meta.filter((m) => Date.parse(m.recordedAt) - Date.parse(m.occurredOn) > 30 * 86_400_000);
    expect(late.length).toBeGreaterThan(10);
    expect(events.some((e) => e.event.type === 'EventRetracted')).toBe(true);
    const last = new Map<string, string>();
    for (const e of events) {
      const at = (e.event.metadata as { recordedAt: string }).recordedAt;
      expect(at >= (last.get(e.streamId) ?? '')).toBe(true);
      last.set(e.streamId, at);
    }
  });
});

describe('the demo events', () => {
  it('all pass the domain schemas (parseRecordedEvent)', () => {
    const { parseRecordedEvent } = jest.requireActual('@ledger/domain') as typeof import('@ledger/domain');
    const events = new DemoGenerator({ groups: 40, today: '2026-11-27' }).all();
    const bad: string[] = [];
    events.forEach((e, i) => {
      try {
        parseRecordedEvent({ ...e.event, streamId: e.streamId, revision: 0n, position: BigInt(i + 1) });
      } catch (err) {
        bad.push(String(err));
      }
    });
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
