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

const NONE: readonly TermSegment[] = Object.freeze([]);

// The last answer (R19 and R20 read the segments of one cooperation state one after the other): a
// one-entry memo instead of a WeakMap keyed by every state, which cost the garbage collector more
// than it saved (ADR 0110).
let lastState: CooperationView | undefined;
let lastSegments: readonly TermSegment[] = NONE;

/** The term segments of a cooperation state (read-only; shared by consecutive readers). */
export function termSegments(c: CooperationView): readonly TermSegment[] {
  if (!c.contract) return NONE;
  if (c === lastState) return lastSegments;
  const ext = c.extensions;
  const segments: TermSegment[] = [{ end: c.contract.termEnd, from: c.contract.on, until: ext.length ? ext[0].on : null, eventId: c.contract.eventId }];
  for (let i = 0; i < ext.length; i++) {
    const e = ext[i];
    segments.push({ end: e.newTermEnd, from: e.on, until: i + 1 < ext.length ? ext[i + 1].on : null, eventId: e.eventId });
  }
  lastState = c;
  lastSegments = Object.freeze(segments);
  return lastSegments;
}
