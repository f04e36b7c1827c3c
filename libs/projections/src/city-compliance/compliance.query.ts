import { districtsOf, type Finding, type FindingStatus, type LedgerView, type Severity } from '@ledger/domain';

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

/** Filters findings (severity, rule, status, the districts the subject touches) and pages them. */
export function queryFindings(findings: readonly Finding[], view: LedgerView, filter: ComplianceFilter): Page<Finding> {
  const districtCache = new Map<string, string[]>();
  const matches = findings.filter((f) => {
    if (filter.severity && f.severity !== filter.severity) return false;
    if (filter.ruleId && f.ruleId !== filter.ruleId) return false;
    if (filter.status && f.status !== filter.status) return false;
    if (filter.districtCode) {
      const k = `${f.subject.type}:${f.subject.id}`;
      let codes = districtCache.get(k);
      if (!codes) districtCache.set(k, (codes = districtsOf(f.subject, view)));
      if (!codes.includes(filter.districtCode)) return false;
    }
    return true;
  });
  return paginate(matches, filter.limit, filter.cursor);
}
