import { districtsOf, type Finding, type FindingStatus, type LedgerView, type Severity, type SubjectRef } from '@ledger/domain';

export interface ComplianceFilter {
  readonly severity?: Severity;
  readonly ruleId?: string;
  readonly districtCode?: string;
  readonly status?: FindingStatus;
  readonly limit: number;
  /** Opaque: where the previous page ended. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly nextCursor?: string;
}

export const encodeCursor = (offset: number): string => Buffer.from(`o:${offset}`).toString('base64url');
/** The offset a cursor stands for, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): number | undefined {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

export function paginate<T>(all: readonly T[], limit: number, cursor?: string): Page<T> {
  const offset = cursor ? (decodeCursor(cursor) ?? 0) : 0;
  const items = all.slice(offset, offset + limit);
  const next = offset + items.length;
  return { items, total: all.length, ...(next < all.length ? { nextCursor: encodeCursor(next) } : {}) };
}

/**
 * The findings that pass the filter (severity, rule, status, the districts the subject touches), in
 * their order. `districts` answers a subject's district codes as `districtsOf` on the view does; the
 * city-compliance model keeps them for every subject with findings (`cachedDistricts`).
 */
export function filterFindings(
  findings: readonly Finding[],
  view: LedgerView,
  filter: Omit<ComplianceFilter, 'limit' | 'cursor'>,
  districts: (subject: SubjectRef) => readonly string[] = (subject) => districtsOf(subject, view),
): Finding[] {
  // The findings come in subject order (compareFindings): a subject's codes are asked once, for
  // its first finding, and kept while its findings follow.
  let last: SubjectRef | undefined;
  let codes: readonly string[] = [];
  return findings.filter((f) => {
    if (filter.severity && f.severity !== filter.severity) return false;
    if (filter.ruleId && f.ruleId !== filter.ruleId) return false;
    if (filter.status && f.status !== filter.status) return false;
    if (filter.districtCode) {
      if (last?.id !== f.subject.id || last.type !== f.subject.type) codes = districts((last = f.subject));
      if (!codes.includes(filter.districtCode)) return false;
    }
    return true;
  });
}
