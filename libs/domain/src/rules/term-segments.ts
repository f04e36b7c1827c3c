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

const segmentsOf = new WeakMap<CooperationView, readonly TermSegment[]>();
const NONE: readonly TermSegment[] = Object.freeze([]);

/**
 * Computed once per derived cooperation state (R19, R20 and the deadlines read it) and shared:
 * the result is read-only.
 */
export function termSegments(c: CooperationView): readonly TermSegment[] {
  if (!c.contract) return NONE;
  let out = segmentsOf.get(c);
  if (out) return out;
  const ext = c.extensions;
  const segments: TermSegment[] = [{ end: c.contract.termEnd, from: c.contract.on, until: ext.length ? ext[0].on : null, eventId: c.contract.eventId }];
  for (let i = 0; i < ext.length; i++) {
    const e = ext[i];
    segments.push({ end: e.newTermEnd, from: e.on, until: i + 1 < ext.length ? ext[i + 1].on : null, eventId: e.eventId });
  }
  out = Object.freeze(segments);
  segmentsOf.set(c, out);
  return out;
}
