import { HealthDown } from './health-down';

describe('HealthDown (ADR 0147)', () => {
  it("sums up what is down, with each indicator's message if it gave one", () => {
    const down = new HealthDown({
      status: 'error',
      info: { eventStore: { status: 'up' } },
      error: {
        projections: { status: 'down', message: '正在追赶日志 · catching up with the log', position: '5' },
        audit: { status: 'down' },
      },
      details: {},
    });
    expect(down.summary).toBe('projections (正在追赶日志 · catching up with the log), audit');
    expect(down.getStatus()).toBe(503);
  });

  it("says terminus' status when nothing is down (a graceful shutdown answers 503 too)", () => {
    expect(new HealthDown({ status: 'shutting_down', info: {}, error: {}, details: {} }).summary).toBe(
      'shutting_down',
    );
  });
});
