import type { IsoDay } from '../shared/terms';
import type { CooperationView } from '../views/states';

/**
 * The term ends a cooperation had over time: the signed contract's, then each extension's.
 * `from` is the day the term end came into force (signature or extension), `until` the day the
 * next extension replaced it (null when it is the term end in force).
 */
export interface TermSegment {
  readonly end: IsoDay;
  readonly from: IsoDay;
  readonly until: IsoDay | null;
  readonly eventId: string;
}

export function termSegments(c: CooperationView): TermSegment[] {
  if (!c.contract) return [];
  const raw = [{ end: c.contract.termEnd, from: c.contract.on, eventId: c.contract.eventId }, ...c.extensions.map((e) => ({ end: e.newTermEnd, from: e.on, eventId: e.eventId }))];
  return raw.map((r, i) => ({ ...r, until: i + 1 < raw.length ? raw[i + 1].from : null }));
}
