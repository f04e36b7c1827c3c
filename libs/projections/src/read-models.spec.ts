import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { evaluateCompliance, foldLedger, groupAt, parseRecordedEvent, type LedgerView } from '@ledger/domain';
import { CITY_COMPLIANCE, cachedFindings, type CityComplianceState } from './city-compliance/city-compliance.projection';
import { evaluateCity } from './city-compliance/compliance-engine';
import { seedDemo } from './demo/seed-demo';
import { LEDGER_VIEW } from './ledger-view/ledger-view.projection';
import { allReadModels } from './read-models';
import { ProjectionRunner } from './runner/projection-runner';
import { InMemoryEventStore } from './testing/in-memory-event-store';
import { idsOf } from './view-access';

const TODAY = '2026-11-27';
const today = () => TODAY;

describe('the read models over the demo ledger', () => {
  let store: InMemoryEventStore;
  let dir: string;

  beforeAll(async () => {
    store = new InMemoryEventStore();
    await seedDemo(store, { groups: 12, today: TODAY });
  });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'read-models-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("today's cached compliance equals the domain's city-wide evaluation, over many distinct rules", async () => {
    const runner = new ProjectionRunner({ store, models: allReadModels(), today });
    await runner.start();
    const cached = cachedFindings(runner.state<CityComplianceState>(CITY_COMPLIANCE));
    const view = runner.state<LedgerView>(LEDGER_VIEW);
    const expected = evaluateCompliance(view, { asOf: TODAY });
    expect(cached.length).toBe(expected.length);
    expect(new Set(cached.map((f) => `${f.ruleId}|${f.subject.id}|${f.since}`))).toEqual(new Set(expected.map((f) => `${f.ruleId}|${f.subject.id}|${f.since}`)));
    const rules = new Set(cached.filter((f) => f.severity !== 'advisory').map((f) => f.ruleId));
    expect(rules.size).toBeGreaterThanOrEqual(8);
    await runner.stop();
  });

  it('asOf/knownAt answers from the live view match a refold of the store (bitemporal folding)', async () => {
    const runner = new ProjectionRunner({ store, models: allReadModels(), today });
    await runner.start();
    const view = runner.state<LedgerView>(LEDGER_VIEW);
    const recorded = store.events.map((e) => parseRecordedEvent(e));
    const head = store.events.length;
    await fc.assert(
      fc.property(
        fc.integer({ min: 1, max: head }),
        fc.constantFrom('2021-06-30', '2023-09-01', '2025-01-01', TODAY),
        fc.boolean(),
        (position, asOf, byInstant) => {
          // knownAt as a position, or as the recording instant of the event at that position.
          const knownAt = byInstant ? { instant: recorded[position - 1].metadata.recordedAt } : { position };
          const refold = foldLedger(recorded, { knownAt });
          const a = evaluateCity(view, { asOf, knownAt });
          const b = evaluateCity(refold, { asOf });
          expect(a).toEqual(b);
          const groupId = idsOf(refold.groups)[0];
          if (groupId) expect(groupAt(view, groupId, { asOf, knownAt })).toEqual(groupAt(refold, groupId, { asOf }));
        },
      ),
      { numRuns: 10 },
    );
    await runner.stop();
  });

  it('a rebuild from zero equals incremental processing with restarts and live appends (property)', async () => {
    const all = store.events;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: all.length - 1 }), { minLength: 1, maxLength: 3 }), async (cuts) => {
        const file = join(dir, `p-${cuts.join('-')}.db`);
        const partial = new InMemoryEventStore();
        const points = [...cuts.sort((a, b) => a - b), all.length];
        let i = 0;
        for (const point of points) {
          const runner = new ProjectionRunner({ store: partial, models: allReadModels(), today, checkpointFile: file, snapshotEvery: 97 });
          await runner.start();
          // Half of each slice arrives while the runner follows live, the rest while it is stopped.
          const live = Math.floor((point - i) / 2);
          for (; i < point - live; i++) partial.appendSync(all[i].streamId, [all[i]]);
          await runner.stop();
          for (; i < point; i++) partial.appendSync(all[i].streamId, [all[i]]);
        }
        const incremental = new ProjectionRunner({ store: partial, models: allReadModels(), today, checkpointFile: file });
        await incremental.start();
        const fresh = new ProjectionRunner({ store: partial, models: allReadModels(), today });
        await fresh.rebuild();
        // toEqual compares the view's Maps entry by entry (a JSON round trip would turn them into {}).
        expect(incremental.state(LEDGER_VIEW)).toEqual(fresh.state(LEDGER_VIEW));
        expect(incremental.state(CITY_COMPLIANCE)).toEqual(fresh.state(CITY_COMPLIANCE));
        await incremental.stop();
        await fresh.stop();
      }),
      { numRuns: 4 },
    );
  });
});
