/** View 5: terms ending, notices due or overdue, brand withdrawals pending, over the next 24 months. */
import { asList } from '../api';
import { card, errorBox, field, isAbort, loading, str, type View } from '../context';
import { clear, h } from '../dom';
import { t } from '../i18n';
import { deadlineTable, readDeadline } from './deadline-list';

export const deadlinesView: View = async (ctx, root) => {
  const slot = h('div', {}, loading());
  const totalEl = h('p', { className: 'muted', testid: 'deadlines-total' });
  clear(root);
  root.append(h('h1', {}, t('deadlinesTitle')), totalEl, card(t('navDeadlines'), slot));
  try {
    const raw = await ctx.api.get('/deadlines', { within: 'P24M' }, ctx.signal);
    const list = asList<unknown>(raw);
    const today = str(field(raw, 'asOf', 'today'));
    const rows = list.items.map((d) => readDeadline(d, today)).sort((a, b) => a.due.localeCompare(b.due));
    totalEl.textContent = t('total', { n: list.total }) + (today ? ` · ${t('asOfLabel')} ${today}` : '');
    totalEl.setAttribute('data-value', String(list.total));
    clear(slot);
    slot.append(deadlineTable(rows, 'deadlines-table', ctx.dir));
    root.setAttribute('data-loaded', 'true');
  } catch (err) {
    if (isAbort(err)) return;
    clear(slot);
    slot.append(errorBox(err));
  }
};
