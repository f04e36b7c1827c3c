import type { Finding, IsoDay } from '@ledger/domain';
import {
  sortedCounts,
  urgentDeadlines,
  URGENT_LISTED,
  type CooperationFigures,
  type DashboardSummary,
  type GroupFigures,
} from '../dashboard-summary/dashboard-summary.query';
import { compareDeadlines, type Deadline } from '../deadlines/deadlines.query';
import { put } from './records-at-cut';

/**
 * The city's figures at the city-compliance model's day, kept up to date as its subjects are
 * judged again (ADR 0152): a subject's part is taken away before it changes and added back after,
 * so the dashboard's summary is read off them instead of counted over ~70,000 subjects per request.
 */
export interface CityTotals {
  activeGroups: number;
  dissolvedGroups: number;
  /** Lead school id → how many active groups it leads (the summary's lead schools are its keys). */
  leads: Record<string, number>;
  /**
   * How many keys `leads` has, kept as they come and go: counting ~16,000 keys took ~2 ms of every
   * summary at a million events (ADR 0161). Absent from snapshots written before it (`withLeadCount`).
   */
  leadSchools: number;
  activeCooperations: number;
  cooperations: number;
  openViolations: number;
  openWarnings: number;
  openAdvisories: number;
  excepted: number;
  resolved: number;
  /** Open findings per rule id (no zero counts). */
  byRule: Record<string, number>;
  /** Open violations and warnings per district code their subject touches (no zero counts). */
  byDistrict: Record<string, number>;
  /** Cooperation id → its deadlines overdue or due within three months (only cooperations with some). */
  urgent: Record<string, Deadline[]>;
}

export function emptyTotals(): CityTotals {
  return {
    activeGroups: 0,
    dissolvedGroups: 0,
    leads: {},
    leadSchools: 0,
    activeCooperations: 0,
    cooperations: 0,
    openViolations: 0,
    openWarnings: 0,
    openAdvisories: 0,
    excepted: 0,
    resolved: 0,
    byRule: {},
    byDistrict: {},
    urgent: {},
  };
}

/** One subject's entries in the model: what it adds to the totals. */
export interface SubjectPart {
  /** The subject's id. */
  readonly id: string;
  readonly group?: GroupFigures;
  readonly cooperation?: CooperationFigures;
  readonly findings?: readonly Finding[];
  readonly districts?: readonly string[];
}

/**
 * Adds `by` to `counts[key]` (a zero count is deleted); answers how many keys that added (1, 0 or −1).
 * The nested records change through `put` (a live snapshot may be cutting them, ADR 0181).
 */
function bump(counts: Record<string, number>, key: string, by: number): number {
  const was = counts[key] ?? 0;
  const n = was + by;
  put(counts, key, n === 0 ? undefined : n);
  return (n === 0 ? 0 : 1) - (was === 0 ? 0 : 1);
}

/** Totals restored from a snapshot written before `leadSchools` was kept: counted once. */
export function withLeadCount(t: CityTotals): CityTotals {
  if (typeof t.leadSchools !== 'number') t.leadSchools = Object.keys(t.leads).length;
  return t;
}

/** Adds one subject's part to the totals (`sign` 1), or takes it away (−1), judged at `today`. */
export function countSubject(t: CityTotals, part: SubjectPart, sign: 1 | -1, today: IsoDay): void {
  const { group, cooperation, findings, districts } = part;
  if (group) {
    if (group.dissolved) t.dissolvedGroups += sign;
    else {
      t.activeGroups += sign;
      t.leadSchools += bump(t.leads, group.leadSchoolId, sign);
    }
  }
  if (cooperation) {
    t.cooperations += sign;
    if (cooperation.active) t.activeCooperations += sign;
    if (sign < 0) put(t.urgent, part.id, undefined);
    else {
      const urgent = urgentDeadlines(cooperation.deadlines, today);
      if (urgent.length > 0) put(t.urgent, part.id, urgent);
    }
  }
  if (!findings) return;
  for (const f of findings) {
    if (f.status === 'EXCEPTED') t.excepted += sign;
    else if (f.status === 'RESOLVED') t.resolved += sign;
    if (f.status !== 'OPEN') continue;
    if (f.severity === 'violation') t.openViolations += sign;
    else if (f.severity === 'warning') t.openWarnings += sign;
    else t.openAdvisories += sign;
    bump(t.byRule, f.ruleId, sign);
    if (f.severity !== 'advisory' && districts) for (const d of districts) bump(t.byDistrict, d, sign);
  }
}

/**
 * The `n` soonest deadlines of `lists`, each sorted soonest first (`compareDeadlines`), in that
 * order: `lists.flat().sort(compareDeadlines).slice(0, n)` without sorting them all. At a million
 * events ~7,400 deadlines are urgent, and sorting them took ~3 ms of every summary (ADR 0161).
 */
export function soonestDeadlines(lists: Iterable<readonly Deadline[]>, n: number): Deadline[] {
  const best: Deadline[] = [];
  if (n <= 0) return best;
  for (const list of lists) {
    for (const d of list) {
      // The rest of this list comes after `d`: once `d` is not among the n soonest, none of it is.
      if (best.length === n && compareDeadlines(d, best[n - 1]) >= 0) break;
      let i = best.length;
      while (i > 0 && compareDeadlines(d, best[i - 1]) < 0) i--;
      best.splice(i, 0, d);
      if (best.length > n) best.pop();
    }
  }
  return best;
}

function* valuesOf<T>(record: Record<string, T>): Generator<T> {
  for (const k in record) yield record[k];
}

/** The summary the totals give at `today`, the log at `position`, the city holding `schools` schools. */
export function summaryOfTotals(
  t: CityTotals,
  today: IsoDay,
  position: bigint,
  schools: number,
): DashboardSummary {
  return {
    asOf: today,
    position: position.toString(),
    groups: { active: t.activeGroups, dissolved: t.dissolvedGroups },
    cooperations: { active: t.activeCooperations, total: t.cooperations },
    leadSchools: t.leadSchools,
    schools,
    findings: {
      openViolations: t.openViolations,
      openWarnings: t.openWarnings,
      openAdvisories: t.openAdvisories,
      excepted: t.excepted,
      resolved: t.resolved,
      byRule: sortedCounts(t.byRule),
      byDistrict: sortedCounts(t.byDistrict),
    },
    urgentDeadlines: soonestDeadlines(valuesOf(t.urgent), URGENT_LISTED),
  };
}
