import { addMonths, groupAt, type Finding, type IsoDay, type LedgerView, cooperationAt, districtsOf } from '@ledger/domain';
import type { Deadline } from '../deadlines/deadlines.query';
import { idsOf, sizeOf } from '../view-access';

export interface DashboardSummary {
  readonly asOf: IsoDay;
  readonly position: string;
  readonly groups: { readonly active: number; readonly dissolved: number };
  readonly cooperations: { readonly active: number; readonly total: number };
  readonly leadSchools: number;
  readonly schools: number;
  readonly findings: {
    readonly openViolations: number;
    readonly openWarnings: number;
    readonly openAdvisories: number;
    readonly excepted: number;
    readonly resolved: number;
    /** Open findings per rule id. */
    readonly byRule: Record<string, number>;
    /** Open violations and warnings per district code the subject touches. */
    readonly byDistrict: Record<string, number>;
  };
  /** Deadlines overdue or due within three months, soonest first (at most 20). */
  readonly urgentDeadlines: readonly Deadline[];
}

/** The figures the dashboard draws, from the ledger view and today's cached findings. */
export function dashboardSummary(view: LedgerView, findings: readonly Finding[], deadlines: readonly Deadline[], today: IsoDay, position: bigint): DashboardSummary {
  let activeGroups = 0;
  let dissolved = 0;
  const leads = new Set<string>();
  for (const id of idsOf(view.groups)) {
    const g = groupAt(view, id, { asOf: today });
    if (!g) continue;
    if (g.dissolved) dissolved++;
    else {
      activeGroups++;
      leads.add(g.leadSchoolId);
    }
  }
  let activeCoops = 0;
  let totalCoops = 0;
  for (const id of idsOf(view.cooperations)) {
    const c = cooperationAt(view, id, { asOf: today });
    if (!c) continue;
    totalCoops++;
    if (c.active) activeCoops++;
  }
  const byRule: Record<string, number> = {};
  const byDistrict: Record<string, number> = {};
  let openViolations = 0;
  let openWarnings = 0;
  let openAdvisories = 0;
  let excepted = 0;
  let resolved = 0;
  for (const f of findings) {
    if (f.status === 'EXCEPTED') excepted++;
    else if (f.status === 'RESOLVED') resolved++;
    if (f.status !== 'OPEN') continue;
    if (f.severity === 'violation') openViolations++;
    else if (f.severity === 'warning') openWarnings++;
    else openAdvisories++;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    if (f.severity !== 'advisory') for (const d of districtsOf(f.subject, view)) byDistrict[d] = (byDistrict[d] ?? 0) + 1;
  }
  const soon = addMonths(today, 3);
  return {
    asOf: today,
    position: position.toString(),
    groups: { active: activeGroups, dissolved },
    cooperations: { active: activeCoops, total: totalCoops },
    leadSchools: leads.size,
    schools: sizeOf(view.schools),
    findings: { openViolations, openWarnings, openAdvisories, excepted, resolved, byRule, byDistrict },
    urgentDeadlines: deadlines.filter((d) => d.overdue || d.dueOn <= soon).slice(0, 20),
  };
}
