import fc from 'fast-check';
import { applyEvent, emptyLedgerView, type LedgerView, type RecordedDomainEvent } from '@ledger/domain';
import { History } from '@ledger/domain/rules/testing/history';
import { readWhileFolding } from '../testing/cut-while-folding';
import { eventsOf, step } from '../testing/histories';
import { restoreParts, snapshotParts } from '../runner/snapshot-parts';
import { ledgerViewProjection } from './ledger-view.projection';

/**
 * ADR 0179: a live snapshot cuts the ledger view's parts while later events are folded into it. The
 * parts must be, text for text, those `snapshotParts` cuts from the view as it was when asked.
 */

function folded(events: readonly RecordedDomainEvent[]): LedgerView {
  const view = emptyLedgerView();
  for (const e of events) applyEvent(view, e);
  return view;
}

/**
 * Cuts `view`'s parts while folding `rest` into it (`readWhileFolding`: some events before the first
 * part is cut, as the runner cuts the other models' parts first, some between parts).
 */
function cutWhileFolding(
  view: LedgerView,
  rest: readonly RecordedDomainEvent[],
  between: readonly number[],
): string[] {
  const asked = ledgerViewProjection.snapshotPartsWhileFolding!(view);
  return readWhileFolding(asked, rest, (e) => applyEvent(view, e), between);
}

describe('the ledger view cut while the fold goes on (ADR 0179)', () => {
  it('gives the parts of the view as it was when asked, whatever is folded between them (property)', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 60 }),
        fc.nat(60),
        fc.array(fc.nat(8), { maxLength: 12 }),
        (steps, cutAt, between) => {
          const events = eventsOf(steps);
          const k = cutAt % (events.length + 1);
          const expected = [...snapshotParts(folded(events.slice(0, k)))];
          const view = folded(events.slice(0, k));
          expect(cutWhileFolding(view, events.slice(k), between)).toEqual(expected);
          // And the view folded on is the whole history's.
          expect([...snapshotParts(view)]).toEqual([...snapshotParts(folded(events))]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('across the parts of one Map: later facts of subjects cut before and after, new subjects, index entries and retractions', () => {
    const h = new History();
    const n = 2_500; // three parts of schools
    for (let i = 0; i < n; i++) h.school(`S${i}`, {}, '2022-01-01');
    h.group('G0', 'S0', '2022-02-01');
    h.propose('C0', 'G0', 'S0', 'S1', '2022-03-01');
    const cut = h.events.length;
    // After the cut: facts before older ones (earlier valid days), on subjects of every part, new
    // subjects, a second group and cooperation of the same lead, retractions of facts from before and after the cut.
    for (const i of [0, 1_200, 2_400])
      h.schoolEvent(
        `S${i}`,
        'BrandUsageRecorded',
        { brandOwnerSchoolId: 'S0', elements: ['NAME'], purpose: 'ENROLMENT' },
        '2021-01-01',
      );
    h.school('S-new', {}, '2019-01-01');
    h.group('G1', 'S0', '2022-04-01');
    h.propose('C1', 'G0', 'S0', 'S2', '2020-03-01');
    h.record(
      'school',
      'S5',
      'EventRetracted',
      { retractedEventId: h.events[5].eventId, reason: '录入错误' },
      '2022-05-01',
    );
    h.record(
      'school',
      'S0',
      'EventRetracted',
      { retractedEventId: h.events[cut].eventId, reason: '录入错误' },
      '2022-05-01',
    );
    const events = h.events;
    const expected = [...snapshotParts(folded(events.slice(0, cut)))];
    expect(expected.length).toBeGreaterThan(4); // the header, three parts of schools, …
    for (let every = 1; every <= 3; every++) {
      const view = folded(events.slice(0, cut));
      const parts = cutWhileFolding(
        view,
        events.slice(cut),
        Array.from({ length: expected.length }, () => every),
      );
      expect(parts).toEqual(expected);
      // Restored, it is the view at the cut; the fold went on to the end.
      expect([...snapshotParts(restoreParts<LedgerView>(parts))]).toEqual(expected);
      expect(view.eventCount).toBe(events.length);
    }
  });
});
