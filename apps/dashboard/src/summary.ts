/**
 * `GET /dashboard/summary`, read defensively: the figures may arrive flat (`openViolations: 3`)
 * or grouped (`findings: { open: { violation: 3 } }`), counts as numbers or `{ total, active }`,
 * breakdowns as records or as lists of `{ key, count }`.
 */
import { arr, field } from './context';

export interface SummaryFigures {
  readonly groups?: number;
  readonly cooperations?: number;
  readonly leadSchools?: number;
  readonly schools?: number;
  readonly openViolations?: number;
  readonly openWarnings?: number;
  readonly openAdvisories?: number;
  readonly byRule: ReadonlyArray<{ key: string; count: number; severity?: string }>;
  readonly byDistrict: ReadonlyArray<{ key: string; count: number }>;
  readonly deadlines: unknown[];
  readonly asOf?: string;
  readonly position?: string;
}

export function count(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (v && typeof v === 'object') {
    const inner = field(v, 'active', 'open', 'total', 'count', 'value');
    return typeof inner === 'number' ? inner : undefined;
  }
  return undefined;
}

function breakdown(v: unknown, keyNames: string[]): Array<{ key: string; count: number; severity?: string }> {
  if (!v) return [];
  if (Array.isArray(v)) {
    return v
      .map((row) => {
        const key = field(row, ...keyNames, 'key', 'id', 'name');
        const c = count(field(row, 'open', 'count', 'total', 'value'));
        const severity = field(row, 'severity');
        return {
          key: typeof key === 'string' ? key : String(key ?? '—'),
          count: c ?? 0,
          severity: typeof severity === 'string' ? severity : undefined,
        };
      })
      .filter((r) => r.key !== '—');
  }
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>).map(([key, c]) => ({
      key,
      count: count(c) ?? 0,
      severity: typeof field(c, 'severity') === 'string' ? (field(c, 'severity') as string) : undefined,
    }));
  }
  return [];
}

export function readSummary(raw: unknown): SummaryFigures {
  const counts = field(raw, 'counts', 'totals') ?? raw;
  const findings = field(raw, 'findings', 'open', 'openFindings');
  const openBySeverity = field(findings, 'open', 'bySeverity') ?? findings;
  const pickCount = (names: string[], nested: string[]): number | undefined =>
    count(field(counts, ...names)) ?? count(field(raw, ...names)) ?? count(field(openBySeverity, ...nested));
  const position = field(raw, 'position', 'lastPosition', 'checkpoint');
  const asOf = field(raw, 'asOf', 'today');
  return {
    groups: pickCount(['groups', 'groupCount', 'activeGroups'], []),
    cooperations: pickCount(['cooperations', 'cooperationCount', 'activeCooperations'], []),
    leadSchools: pickCount(['leadSchools', 'leads', 'leadSchoolCount'], []),
    schools: pickCount(['schools', 'schoolCount'], []),
    openViolations: pickCount(
      ['openViolations', 'violations'],
      ['openViolations', 'violation', 'violations'],
    ),
    openWarnings: pickCount(['openWarnings', 'warnings'], ['openWarnings', 'warning', 'warnings']),
    openAdvisories: pickCount(['openAdvisories', 'advisories'], ['openAdvisories', 'advisory', 'advisories']),
    byRule: breakdown(field(raw, 'findingsByRule', 'byRule') ?? field(findings, 'byRule'), [
      'ruleId',
      'rule',
    ]),
    byDistrict: breakdown(field(raw, 'findingsByDistrict', 'byDistrict') ?? field(findings, 'byDistrict'), [
      'districtCode',
      'district',
    ]),
    deadlines: arr(field(raw, 'urgentDeadlines', 'deadlines', 'nextDeadlines', 'upcomingDeadlines')),
    asOf: typeof asOf === 'string' ? asOf : undefined,
    position: position === undefined ? undefined : String(position),
  };
}
