/** One deadline row, read defensively: `{ kind, subject {type,id}, due, ruleId?, overdue?, … }`. */
import { field, fmtDay, pill, str } from '../context';
import { h } from '../dom';
import { enumLabel, pick, ruleLabel, t } from '../i18n';
import { subjectHref } from '../router';
import { subjectName, type Directory } from '../directory';

export interface DeadlineRow {
  readonly kind: string;
  readonly due: string;
  readonly subject?: { type: string; id: string };
  readonly subjectName?: string;
  readonly ruleId?: string;
  readonly overdue: boolean;
  readonly daysLeft?: number;
  readonly detail?: string;
}

export function readDeadline(raw: unknown, today?: string): DeadlineRow {
  const subjectRaw = field(raw, 'subject');
  const cooperationId = str(field(raw, 'cooperationId'));
  const subject =
    subjectRaw && typeof subjectRaw === 'object'
      ? { type: str(field(subjectRaw, 'type')) ?? 'cooperation', id: str(field(subjectRaw, 'id')) ?? '' }
      : cooperationId
        ? { type: 'cooperation', id: cooperationId }
        : undefined;
  const due = str(field(raw, 'due', 'dueOn', 'date', 'deadline', 'on', 'termEnd')) ?? '';
  const kind = str(field(raw, 'kind', 'type')) ?? '';
  const days = field(raw, 'daysLeft', 'daysRemaining', 'days');
  let daysLeft = typeof days === 'number' ? days : undefined;
  if (daysLeft === undefined && today && /^\d{4}-\d{2}-\d{2}/.test(due)) {
    daysLeft = Math.round((Date.parse(due.slice(0, 10)) - Date.parse(today.slice(0, 10))) / 86_400_000);
  }
  const overdueRaw = field(raw, 'overdue');
  const status = str(field(raw, 'status'));
  const overdue =
    overdueRaw === true ||
    status === 'OVERDUE' ||
    /OVERDUE/.test(kind) ||
    (daysLeft !== undefined && daysLeft < 0);
  const name = field(raw, 'subjectName', 'name', 'title');
  const message = field(raw, 'label', 'message', 'description');
  return {
    kind,
    due,
    subject,
    subjectName: name === undefined ? undefined : pick(name),
    ruleId: str(field(raw, 'ruleId')),
    overdue,
    daysLeft,
    detail: message === undefined ? undefined : pick(message),
  };
}

export function deadlineTable(rows: readonly DeadlineRow[], testid: string, dir?: Directory): HTMLElement {
  if (rows.length === 0) return h('p', { className: 'muted', testid: `${testid}-empty` }, t('noData'));
  return h(
    'table',
    { className: 'table', testid },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('due')),
        h('th', {}, t('kind')),
        h('th', {}, t('subject')),
        h('th', {}, t('daysLeft')),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) => {
        const link = r.subject ? subjectHref(r.subject) : undefined;
        const label = r.subjectName ?? subjectName(dir, r.subject);
        return h(
          'tr',
          { className: r.overdue ? 'row-overdue' : '', testid: 'deadline-row' },
          h('td', { className: 'nowrap' }, fmtDay(r.due)),
          h(
            'td',
            {},
            r.detail ?? enumLabel(r.kind),
            r.ruleId ? h('div', { className: 'muted small' }, ruleLabel(r.ruleId)) : null,
          ),
          h('td', {}, link ? h('a', { href: link }, label) : label),
          h(
            'td',
            { className: 'num' },
            r.overdue ? pill('violation', t('overdue')) : r.daysLeft !== undefined ? String(r.daysLeft) : '—',
          ),
        );
      }),
    ),
  );
}
