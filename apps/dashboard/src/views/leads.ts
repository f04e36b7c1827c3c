/** View 4: a lead school's partners per district and per stage against the limits (R04, R10). */
import { barChart } from '../charts';
import { arr, card, errorBox, field, fmtNum, isAbort, loading, pill, str, type View } from '../context';
import { append, clear, h } from '../dom';
import { districtLabel, enumLabel, fieldLabel, pick, t } from '../i18n';
import { href } from '../router';
import { readFootprint } from '../footprint';
import { cooperationName, groupName, schoolName } from '../directory';

export const leadsView: View = async (ctx, root) => {
  const schoolId = ctx.route.id;
  const input = h('input', {
    type: 'text',
    value: schoolId ?? '',
    testid: 'lead-input',
    inputmode: 'numeric',
    placeholder: '4301xxxxxx',
    'aria-label': t('leadLookup'),
  });
  const picker = h(
    'form',
    {
      className: 'filters',
      onsubmit: (e: Event) => {
        e.preventDefault();
        if (input.value.trim()) ctx.navigate(href('leads', input.value.trim()));
      },
    },
    h('label', { className: 'filter' }, h('span', {}, t('leadLookup')), input),
    h('button', { type: 'submit', testid: 'lead-show' }, t('show')),
  );
  const known = h('div', { className: 'chips', testid: 'lead-list' });
  const slot = h('div', {}, schoolId ? loading() : null);
  clear(root);
  root.append(h('h1', {}, t('navLeads')), picker, known, slot);

  // The lead schools the directory knows, as shortcuts.
  const leads = [...ctx.dir.schools.entries()]
    .filter(([, sc]) => sc.lead)
    .sort((a, b) => a[1].name.localeCompare(b[1].name, 'zh-CN'));
  for (const [id, sc] of leads) {
    known.append(
      h(
        'a',
        {
          href: href('leads', id),
          className: `chip ${id === schoolId ? 'active' : ''}`,
          testid: 'lead-chip',
          'data-id': id,
        },
        sc.name,
      ),
    );
  }
  if (!schoolId && leads[0]) {
    ctx.navigate(href('leads', leads[0][0]));
    return;
  }

  if (!schoolId) return;
  try {
    const raw = await ctx.api.get(`/leads/${encodeURIComponent(schoolId)}/footprint`, {}, ctx.signal);
    const fp = readFootprint(raw);
    clear(slot);
    const over = (fp.total ?? 0) > fp.maxPartners;
    const districtEl = h('div', { className: 'chart', testid: 'chart-lead-districts' });
    const stageEl = h('div', { className: 'chart', testid: 'chart-lead-stages' });
    append(slot, [
      h('h2', { testid: 'lead-name' }, fp.name ? `${fp.name} (${schoolId})` : schoolId),
      fp.groupIds.length
        ? h(
            'p',
            { className: 'chips', testid: 'lead-groups' },
            `${t('groups')}: `,
            fp.groupIds.map((g) =>
              h('a', { href: href('group', g), className: 'chip' }, groupName(ctx.dir, g)),
            ),
          )
        : null,
      h(
        'div',
        { className: 'tiles' },
        h(
          'div',
          { className: `tile ${over ? 'tone-amber' : ''}` },
          h(
            'div',
            { className: 'tile-value', testid: 'lead-total', 'data-value': String(fp.total ?? '') },
            `${fmtNum(fp.total)} / ${fp.maxPartners}`,
          ),
          h('div', { className: 'tile-label' }, t('totalPartners', { n: fp.maxPartners })),
          over ? pill('warning', t('overLimit')) : pill('ok', t('withinLimit')),
        ),
      ),
      h(
        'div',
        { className: 'grid-2' },
        card(t('perDistrict', { n: fp.perDistrictLimit }), districtEl),
        card(t('perStage'), stageEl),
      ),
      card(
        t('partners'),
        fp.partners.length
          ? h(
              'table',
              { className: 'table', testid: 'lead-partners' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, t('partner')),
                  h('th', {}, t('district')),
                  h('th', {}, fieldLabel('stages')),
                  h('th', {}, t('since')),
                  h('th', {}, t('cooperation')),
                ),
              ),
              h(
                'tbody',
                {},
                fp.partners.map((p) => {
                  const coop = str(field(p, 'cooperationId'));
                  const group = str(field(p, 'groupId'));
                  const d = str(field(p, 'districtCode'));
                  const n = field(p, 'name', 'partnerName', 'schoolName');
                  return h(
                    'tr',
                    {},
                    h(
                      'td',
                      {},
                      n ? pick(n) : schoolName(ctx.dir, str(field(p, 'partnerSchoolId', 'schoolId'))),
                    ),
                    h('td', {}, d ? districtLabel(d) : '—'),
                    h(
                      'td',
                      {},
                      arr(field(p, 'stages'))
                        .map((x) => enumLabel(String(x)))
                        .join('、') || '—',
                    ),
                    h('td', { className: 'nowrap' }, str(field(p, 'admittedOn')) ?? '—'),
                    h(
                      'td',
                      {},
                      coop
                        ? h('a', { href: href('cooperation', coop) }, cooperationName(ctx.dir, coop))
                        : '—',
                      group
                        ? h(
                            'div',
                            { className: 'small' },
                            h('a', { href: href('group', group) }, groupName(ctx.dir, group)),
                          )
                        : null,
                    ),
                  );
                }),
              ),
            )
          : h('p', { className: 'muted' }, t('noData')),
      ),
    ]);
    const limitColor = (c: number, limit: number) => (c > limit ? '#c62828' : '#2e7d32');
    barChart(
      districtEl,
      fp.byDistrict.map((d) => ({
        key: d.key,
        label: districtLabel(d.key),
        value: d.count,
        color: limitColor(d.count, fp.perDistrictLimit),
      })),
    );
    barChart(
      stageEl,
      fp.byStage.map((s) => ({ key: s.key, label: enumLabel(s.key), value: s.count })),
    );
    root.setAttribute('data-loaded', 'true');
  } catch (err) {
    if (isAbort(err)) return;
    clear(slot);
    slot.append(errorBox(err));
  }
};
