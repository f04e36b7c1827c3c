import type { Finding, IsoDay } from '@ledger/domain';
import {
  sortedCounts,
  urgentDeadlines,
  type CooperationFigures,
  type DashboardSummary,
  type GroupFigures,
} from '../dashboard-summary/dashboard-summary.query';
import { compareDeadlines, type Deadline } from '../deadlines/deadlines.query';

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

function bump(counts: Record<string, number>, key: string, by: number): void {
  const n = (counts[key] ?? 0) + by;
  if (n === 0) delete counts[key];
  else counts[key] = n;
}

/** Adds one subject's part to the totals (`sign` 1), or takes it away (−1), judged at `today`. */
export function countSubject(t: CityTotals, part: SubjectPart, sign: 1 | -1, today: IsoDay): void {
  const { group, cooperation, findings, districts } = part;
  if (group) {
    if (group.dissolved) t.dissolvedGroups += sign;
    else {
      t.activeGroups += sign;
      bump(t.leads, group.leadSchoolId, sign);
    }
  }
  if (cooperation) {
    t.cooperations += sign;
    if (cooperation.active) t.activeCooperations += sign;
    if (sign < 0) delete t.urgent[part.id];
    else {
      const urgent = urgentDeadlines(cooperation.deadlines, today);
      if (urgent.length > 0) t.urgent[part.id] = urgent;
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

/** The summary the totals give at `today`, the log at `position`, the city holding `schools` schools. */
export function summaryOfTotals(
  t: CityTotals,
  today: IsoDay,
  position: bigint,
  schools: number,
): DashboardSummary {
  const urgent: Deadline[] = [];
  for (const id in t.urgent) for (const d of t.urgent[id]) urgent.push(d);
  return {
    asOf: today,
    position: position.toString(),
    groups: { active: t.activeGroups, dissolved: t.dissolvedGroups },
    cooperations: { active: t.activeCooperations, total: t.cooperations },
    leadSchools: Object.keys(t.leads).length,
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
    urgentDeadlines: urgent.sort(compareDeadlines).slice(0, 20),
  };
}
