import { catchUpProgress } from './catch-up-progress';

describe('catchUpProgress', () => {
  const setup = (everyMs?: number) => {
    let clock = 1_000_000;
    const lines: string[] = [];
    const progress = catchUpProgress((m) => lines.push(m), { everyMs, now: () => clock });
    const at = (ms: number, position: bigint, head: bigint, applied: number) => {
      clock = 1_000_000 + ms;
      progress({ position, head, applied });
    };
    return { lines, at };
  };

  it('logs nothing for a catch-up shorter than the interval', () => {
    const { lines, at } = setup();
    at(0, 500n, 2_000n, 500);
    at(4_000, 1_500n, 2_000n, 1_500);
    at(9_999, 2_000n, 2_000n, 2_000);
    expect(lines).toEqual([]);
  });

  it('one line per interval: position of head, share, rate since the first page, time left at that rate', () => {
    const { lines, at } = setup();
    at(0, 100_500n, 1_000_000n, 500); // resumed from a snapshot at 100,000
    at(5_000, 300_000n, 1_000_000n, 200_000);
    at(10_000, 600_500n, 1_000_000n, 500_500); // 500,000 events in 10 s: 50,000/s, 399,500 left
    at(12_000, 700_000n, 1_000_000n, 600_000); // within the next interval: nothing
    at(20_000, 900_500n, 1_000_000n, 800_500);
    expect(lines).toEqual([
      '读模型追赶日志中：位置 600500 / 1000000（60.0%），每秒 50000 个事件，约剩 8 秒 · catching up with the log: position 600500 of 1000000 (60.0%), 50000 events/s, ~8 s left',
      '读模型追赶日志中：位置 900500 / 1000000（90.0%），每秒 40000 个事件，约剩 3 秒 · catching up with the log: position 900500 of 1000000 (90.0%), 40000 events/s, ~3 s left',
    ]);
  });

  it('a head behind the position (events appended meanwhile) counts as reached; no pace, no time left', () => {
    const { lines, at } = setup(1_000);
    at(0, 12n, 5n, 0);
    at(1_000, 12n, 5n, 0);
    expect(lines).toEqual([
      '读模型追赶日志中：位置 12 / 12（100.0%），每秒 0 个事件 · catching up with the log: position 12 of 12 (100.0%), 0 events/s',
    ]);
  });

  it("the time left follows the positions' pace, not the events': on EventStoreDB a position is an offset in the log", () => {
    const { lines, at } = setup();
    at(0, 1_000_000n, 5_000_000n, 0);
    at(10_000, 2_000_000n, 5_000_000n, 500); // 100,000 a second of the offsets, 50 events a second
    expect(lines).toEqual([
      expect.stringMatching(/每秒 50 个事件，约剩 30 秒 · .*\(40\.0%\), 50 events\/s, ~30 s left$/),
    ]);
  });
});
