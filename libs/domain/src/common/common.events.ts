import type { Authority, IsoDay } from '../shared/terms';

/** Appended to the stream of the subject it excepts (school, group or cooperation). */
export type ExceptionGranted = {
  type: 'ExceptionGranted';
  data: { ruleId: string; authority: Authority; documentNo: string; reason: string; until?: IsoDay };
};
/** Appended to the stream of the retracted event. */
export type EventRetracted = { type: 'EventRetracted'; data: { retractedEventId: string; reason: string } };

export type CommonEvent = ExceptionGranted | EventRetracted;
