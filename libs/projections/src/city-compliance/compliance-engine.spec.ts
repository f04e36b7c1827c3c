import * as fc from 'fast-check';
import { foldLedger, parseRecordedEvent } from '@ledger/domain';
import { seedDemo } from '../demo/seed-demo';
import { InMemoryEventStore } from '@ledger/event-store/testing/in-memory-event-store';
import { evaluateCity, evaluateCityBySubject } from './compliance-engine';

const TODAY = '2026-11-27';

describe('evaluateCity (the city-wide evaluation, ADR 0110)', () => {
  it('equals every subject judged alone, in allSubjects order, at any asOf and knownAt (property)', async () => {
    const store = new InMemoryEventStore();
    await seedDemo(store, { groups: 8, today: TODAY });
    const recorded = store.events.map((e) => parseRecordedEvent(e));
    const view = foldLedger(recorded);
    fc.assert(
      fc.property(
        fc.constantFrom('2020-12-31', '2021-06-30', '2022-09-01', '2024-02-29', '2025-08-31', TODAY),
        fc.option(fc.integer({ min: 1, max: recorded.length }), { nil: undefined }),
        (asOf, position) => {
          const at = position === undefined ? { asOf } : { asOf, knownAt: { position } };
          expect(evaluateCity(view, at)).toEqual(evaluateCityBySubject(view, at));
        },
      ),
      { numRuns: 20 },
    );
  });
});
