import { addDays, addMonths, cooperationAt, schoolAt, type CooperationView, type IsoDay, type LedgerView } from '@ledger/domain';
import { idsOf } from '../view-access';

export type DeadlineKind = 'TERM_ENDING' | 'TERM_OVERRUN' | 'NOTICE_DUE' | 'NOTICE_OVERDUE' | 'WITHDRAWAL_PENDING' | 'WITHDRAWAL_OVERDUE';

const LABELS: Record<DeadlineKind, { zh: string; en: string; ruleId: string }> = {
  TERM_ENDING: { zh: '合作期即将届满', en: 'term ends', ruleId: 'R20' },
  TERM_OVERRUN: { zh: '合作期已满仍在合作', en: 'term ended, still active', ruleId: 'R20' },
  NOTICE_DUE: { zh: '期满报备即将到期', en: 'termination notice due', ruleId: 'R19' },
  NOTICE_OVERDUE: { zh: '期满报备已逾期', en: 'termination notice overdue', ruleId: 'R19' },
  WITHDRAWAL_PENDING: { zh: '品牌标识待撤除', en: 'brand withdrawal pending', ruleId: 'R25' },
  WITHDRAWAL_OVERDUE: { zh: '品牌标识撤除已逾期', en: 'brand withdrawal overdue', ruleId: 'R25' },
};

export interface Deadline {
  readonly kind: DeadlineKind;
  readonly ruleId: string;
  readonly label: { zh: string; en: string };
  readonly cooperationId: string;
  readonly groupId: string;
  readonly leadSchoolId: string;
  readonly partnerSchoolId: string;
  readonly dueOn: IsoDay;
  readonly overdue: boolean;
}

export interface DeadlineParameters {
  readonly noticeMonths: number;
  readonly brandWithdrawalDays: number;
}

const DEFAULT_PARAMETERS: DeadlineParameters = { noticeMonths: 6, brandWithdrawalDays: 90 };

/**
 * The deadlines of cooperation `c` (its state at `today`) judged at `today`, up to `horizon`: a
 * term ending or a notice falling due after it is left out; everything overdue, and a brand
 * withdrawal whenever due, is in. With no horizon, every deadline the cooperation has: what the
 * city-compliance model keeps per cooperation, cut at a horizon when asked (ADR 0152).
 */
export function cooperationDeadlines(
  view: LedgerView,
  c: CooperationView,
  today: IsoDay,
  horizon?: IsoDay,
  params: DeadlineParameters = DEFAULT_PARAMETERS,
): Deadline[] {
  const out: Deadline[] = [];
  const base = { cooperationId: c.cooperationId, groupId: c.groupId, leadSchoolId: c.leadSchoolId, partnerSchoolId: c.partnerSchoolId };
  const push = (kind: DeadlineKind, dueOn: IsoDay) =>
    out.push({ kind, ruleId: LABELS[kind].ruleId, label: { zh: LABELS[kind].zh, en: LABELS[kind].en }, ...base, dueOn, overdue: dueOn < today });
  const within = (day: IsoDay) => horizon === undefined || day <= horizon;
  if (c.active && c.termEnd) {
    if (c.termEnd < today) push('TERM_OVERRUN', c.termEnd);
    else if (within(c.termEnd)) push('TERM_ENDING', c.termEnd);
    const noticeDue = addMonths(c.termEnd, -params.noticeMonths);
    if (c.notices.length === 0 && within(noticeDue)) push(noticeDue < today ? 'NOTICE_OVERDUE' : 'NOTICE_DUE', noticeDue);
  }
  if (c.exit) {
    const partner = schoolAt(view, c.partnerSchoolId, { asOf: today });
    if (partner && (partner.ownership === 'PRIVATE' || !partner.inChangsha)) {
      const withdrawn = partner.brandWithdrawals.some((w) => w.brandOwnerSchoolId === c.leadSchoolId && w.on >= c.exit!.on);
      const used = partner.brandUsages.some((u) => u.brandOwnerSchoolId === c.leadSchoolId);
      const due = addDays(c.exit.on, params.brandWithdrawalDays);
      if (used && !withdrawn) push(due < today ? 'WITHDRAWAL_OVERDUE' : 'WITHDRAWAL_PENDING', due);
    }
  }
  return out;
}

/**
 * Whether a deadline of `cooperationDeadlines(…)` with no horizon is within `horizon` (as if cut
 * there): a withdrawal always, anything else due by the horizon (an overdue one is due before today).
 */
export function deadlineWithin(d: Deadline, horizon: IsoDay): boolean {
  return d.kind === 'WITHDRAWAL_PENDING' || d.dueOn <= horizon;
}

/** Due day, then cooperation, then kind: a total order (two deadlines of one cooperation can fall on one day). */
export function compareDeadlines(a: Deadline, b: Deadline): number {
  return a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.cooperationId < b.cooperationId ? -1 : a.cooperationId > b.cooperationId ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;
}

/**
 * Terms ending, notices due or overdue, brand withdrawals pending — judged at `today`, listing
 * what falls due by `today + withinMonths` and everything already overdue. Sorted by due day.
 */
export function deadlinesWithin(
  view: LedgerView,
  today: IsoDay,
  withinMonths: number,
  params: DeadlineParameters = DEFAULT_PARAMETERS,
): Deadline[] {
  const horizon = addMonths(today, withinMonths);
  const out: Deadline[] = [];
  for (const id of idsOf(view.cooperations)) {
    const c = cooperationAt(view, id, { asOf: today });
    if (c) out.push(...cooperationDeadlines(view, c, today, horizon, params));
  }
  return out.sort(compareDeadlines);
}
