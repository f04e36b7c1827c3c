/**
 * View 5: terms ending, notices due or overdue, brand withdrawals pending, over the next 24 months,
 * a page of 100 at a time, soonest first (the API's order): a city has tens of thousands of them
 * (ADR 0155), too many for one table.
 */
import { asList } from '../api';
import { card, errorBox, field, isAbort, loading, str, type View } from '../context';
import { clear, h } from '../dom';
import { t } from '../i18n';
import { deadlineTable, readDeadline, type DeadlineRow } from './deadline-list';

export const deadlinesView: View = async (ctx, root) => {
  const slot = h('div', {}, loading());
  const moreSlot = h('div', {});
  const totalEl = h('p', { className: 'muted', testid: 'deadlines-total' });
  clear(root);
  root.append(
    h('h1', {}, t('deadlinesTitle')),
    totalEl,
    card(t('navDeadlines'), h('div', {}, slot, moreSlot)),
  );
  const rows: DeadlineRow[] = [];
  const load = async (cursor?: string) => {
    try {
      const raw = await ctx.api.get('/deadlines', { within: 'P24M', limit: 100, cursor }, ctx.signal);
      const list = asList<unknown>(raw);
      const today = str(field(raw, 'asOf', 'today'));
      rows.push(...list.items.map((d) => readDeadline(d, today)));
      totalEl.textContent = t('total', { n: list.total }) + (today ? ` · ${t('asOfLabel')} ${today}` : '');
      totalEl.setAttribute('data-value', String(list.total));
      clear(slot);
      slot.append(deadlineTable(rows, 'deadlines-table', ctx.dir));
      clear(moreSlot);
      if (list.nextCursor) {
        const next = list.nextCursor;
        moreSlot.append(
          h(
            'button',
            { type: 'button', testid: 'deadlines-more', onclick: () => void load(next) },
            t('loadMore'),
          ),
        );
      }
      root.setAttribute('data-loaded', 'true');
    } catch (err) {
      if (isAbort(err)) return;
      clear(slot);
      slot.append(errorBox(err));
    }
  };
  await load();
};
