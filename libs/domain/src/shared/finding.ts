import type { IsoDay, SubjectRef } from './terms';

export type Severity = 'violation' | 'warning' | 'advisory';
export type FindingStatus = 'OPEN' | 'RESOLVED' | 'EXCEPTED';

/** DESIGN.md: a finding of the compliance evaluation. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly subject: SubjectRef;
  /** The quoted clause, e.g. "§3.1 每所优质学校集团化办学在同一区县（市）限设一所合作学校". */
  readonly clause: string;
  readonly message: { readonly zh: string; readonly en: string };
  /** The valid day from which the breach holds. */
  readonly since: IsoDay;
  /** Ids of the events that establish the finding. */
  readonly evidence: readonly string[];
  readonly status: FindingStatus;
  readonly resolvedOn?: IsoDay;
  /** For EXCEPTED: the ExceptionGranted event id. */
  readonly exceptionEventId?: string;
}
