import { addDays, addMonths, cooperationAt, schoolAt, type IsoDay, type LedgerView } from '@ledger/domain';
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

/**
 * Terms ending, notices due or overdue, brand withdrawals pending — judged at `today`, listing
 * what falls due by `today + withinMonths` and everything already overdue. Sorted by due day.
 */
export function deadlinesWithin(
  view: LedgerView,
  today: IsoDay,
  withinMonths: number,
  params: DeadlineParameters = { noticeMonths: 6, brandWithdrawalDays: 90 },
): Deadline[] {
  const horizon = addMonths(today, withinMonths);
  const out: Deadline[] = [];
  for (const id of idsOf(view.cooperations)) {
    const c = cooperationAt(view, id, { asOf: today });
    if (!c) continue;
    const base = { cooperationId: id, groupId: c.groupId, leadSchoolId: c.leadSchoolId, partnerSchoolId: c.partnerSchoolId };
    const push = (kind: DeadlineKind, dueOn: IsoDay) =>
      out.push({ kind, ruleId: LABELS[kind].ruleId, label: { zh: LABELS[kind].zh, en: LABELS[kind].en }, ...base, dueOn, overdue: dueOn < today });
    if (c.active && c.termEnd) {
      if (c.termEnd < today) push('TERM_OVERRUN', c.termEnd);
      else if (c.termEnd <= horizon) push('TERM_ENDING', c.termEnd);
      const noticeDue = addMonths(c.termEnd, -params.noticeMonths);
      if (c.notices.length === 0 && noticeDue <= horizon) push(noticeDue < today ? 'NOTICE_OVERDUE' : 'NOTICE_DUE', noticeDue);
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
  }
  return out.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.cooperationId < b.cooperationId ? -1 : 1));
}
