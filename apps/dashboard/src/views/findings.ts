/** View 2: the findings across the city, filtered by severity, rule, district and status. */
import { asList, type Finding } from '../api';
import { errorBox, fmtDay, isAbort, loading, pill, str, field, type View } from '../context';
import { clear, h } from '../dom';
import { DISTRICT_CODES, districtLabel, enumLabel, pick, RULE_IDS, ruleLabel, t } from '../i18n';
import { href, subjectHref } from '../router';
import { subjectName, type Directory } from '../directory';

const FILTERS = ['severity', 'ruleId', 'districtCode', 'status'] as const;
type Filter = (typeof FILTERS)[number];

const OPTIONS: Record<Filter, () => Array<[string, string]>> = {
  severity: () => ['violation', 'warning', 'advisory'].map((s) => [s, enumLabel(s)]),
  ruleId: () => RULE_IDS.map((r) => [r, ruleLabel(r)]),
  districtCode: () => DISTRICT_CODES.map((d) => [d, `${districtLabel(d)} ${d}`]),
  status: () => ['OPEN', 'RESOLVED', 'EXCEPTED'].map((s) => [s, enumLabel(s)]),
};
const LABELS: Record<Filter, () => string> = {
  severity: () => t('severity'),
  ruleId: () => t('rule'),
  districtCode: () => t('district'),
  status: () => t('status'),
};

export function findingRow(f: Finding, opts: { showSubject: boolean; dir?: Directory }): HTMLElement {
  const link = f.subject ? subjectHref(f.subject) : undefined;
  const subjectText = `${enumLabel(f.subject?.type)} · ${f.subjectName ?? subjectName(opts.dir, f.subject)}`;
  return h(
    'tr',
    {
      testid: 'finding-row',
      'data-rule': f.ruleId,
      'data-status': f.status,
      'data-severity': f.severity,
      'data-since': f.since,
      'data-subject': f.subject ? `${f.subject.type}:${f.subject.id}` : undefined,
    },
    h('td', {}, pill(f.severity)),
    h('td', { className: 'nowrap' }, ruleLabel(f.ruleId)),
    opts.showSubject
      ? h('td', {}, link ? h('a', { href: link, testid: 'finding-subject' }, subjectText) : subjectText)
      : null,
    h(
      'td',
      {},
      h('div', {}, pick(f.message)),
      !opts.showSubject && f.evidence?.length
        ? h(
            'div',
            { className: 'small muted' },
            `${t('evidence')}: `,
            f.evidence.map((id) =>
              h(
                'button',
                {
                  type: 'button',
                  className: 'link digest',
                  title: id,
                  onclick: () =>
                    document
                      .getElementById(`event-${id}`)
                      ?.scrollIntoView({ behavior: 'smooth', block: 'center' }),
                },
                id.slice(0, 8),
                ' ',
              ),
            ),
          )
        : null,
      h('blockquote', { className: 'clause', testid: 'finding-clause' }, f.clause),
    ),
    h('td', { className: 'nowrap' }, fmtDay(f.since)),
    h(
      'td',
      { className: 'nowrap' },
      pill(
        f.status === 'OPEN' ? (f.severity === 'violation' ? 'violation' : 'warning') : 'ok',
        enumLabel(f.status),
      ),
      f.resolvedOn
        ? h('div', { className: 'muted small' }, `${t('resolvedOn')} ${fmtDay(f.resolvedOn)}`)
        : null,
    ),
  );
}

export function findingsTable(
  findings: readonly Finding[],
  opts: { showSubject: boolean; testid: string; dir?: Directory },
): HTMLElement {
  if (findings.length === 0)
    return h('p', { className: 'muted', testid: `${opts.testid}-empty` }, t('noFindings'));
  return h(
    'table',
    { className: 'table', testid: opts.testid },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('severity')),
        h('th', {}, t('rule')),
        opts.showSubject ? h('th', {}, t('subject')) : null,
        h('th', {}, `${t('message')} · ${t('clause')}`),
        h('th', {}, t('since')),
        h('th', {}, t('status')),
      ),
    ),
    h(
      'tbody',
      {},
      findings.map((f) => findingRow(f, { showSubject: opts.showSubject, dir: opts.dir })),
    ),
  );
}

export const findingsView: View = async (ctx, root) => {
  const q = ctx.route.query;
  const current = Object.fromEntries(FILTERS.map((f) => [f, q.get(f) ?? ''])) as Record<Filter, string>;
  const go = (next: Partial<Record<Filter, string>>) =>
    ctx.navigate(href('findings', undefined, { ...current, ...next }));

  const selects = FILTERS.map((f) => {
    const select = h(
      'select',
      {
        testid: `filter-${f}`,
        name: f,
        onchange: (e: Event) => go({ [f]: (e.target as HTMLSelectElement).value }),
      },
      h('option', { value: '' }, t('all')),
      OPTIONS[f]().map(([value, label]) => h('option', { value, selected: value === current[f] }, label)),
    );
    return h('label', { className: 'filter' }, h('span', {}, LABELS[f]()), select);
  });
  const reset = h(
    'button',
    {
      type: 'button',
      className: 'secondary',
      testid: 'filter-reset',
      onclick: () => ctx.navigate(href('findings')),
    },
    t('resetFilters'),
  );
  const totalEl = h('p', { className: 'muted', testid: 'findings-total' });
  const tableSlot = h('div', {}, loading());
  const moreSlot = h('div', {});

  clear(root);
  root.append(
    h('h1', {}, t('navFindings')),
    h('div', { className: 'filters' }, selects, reset),
    totalEl,
    tableSlot,
    moreSlot,
  );

  const rows: Finding[] = [];
  const load = async (cursor?: string) => {
    try {
      const raw = await ctx.api.get('/compliance', { ...current, cursor, limit: 100 }, ctx.signal);
      const list = asList<Finding>(raw);
      rows.push(...list.items);
      totalEl.textContent = t('total', { n: list.total });
      totalEl.setAttribute('data-value', String(list.total));
      const asOf = str(field(raw, 'asOf'));
      if (asOf) totalEl.textContent += ` · ${t('asOfLabel')} ${asOf}`;
      clear(tableSlot);
      tableSlot.append(findingsTable(rows, { showSubject: true, testid: 'findings-table', dir: ctx.dir }));
      clear(moreSlot);
      if (list.nextCursor) {
        const next = list.nextCursor;
        moreSlot.append(
          h(
            'button',
            { type: 'button', testid: 'findings-more', onclick: () => void load(next) },
            t('loadMore'),
          ),
        );
      }
      root.setAttribute('data-loaded', 'true');
    } catch (err) {
      if (isAbort(err)) return;
      clear(tableSlot);
      tableSlot.append(errorBox(err));
    }
  };
  await load();
};
