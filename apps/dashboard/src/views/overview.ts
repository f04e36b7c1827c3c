/** View 1: the city at a glance, live (ADR 0063). */
import { barChart, type Chart } from '../charts';
import { card, errorBox, fmtNum, isAbort, loading, type View } from '../context';
import { clear, h } from '../dom';
import { districtLabel, RULE_SEVERITY, ruleLabel, t } from '../i18n';
import type { LiveFeed } from '../live';
import { href } from '../router';
import { LIVE_REFRESH_MS, refreshGate } from '../refresh-gate';
import { readSummary, type SummaryFigures } from '../summary';
import { deadlineTable, readDeadline } from './deadline-list';

const SEVERITY_COLOR: Record<string, string> = {
  violation: '#c62828',
  warning: '#ef8f00',
  advisory: '#1565c0',
};

function tile(key: string, label: string, tone = ''): { el: HTMLElement; set(v: number | undefined): void } {
  const value = h('div', { className: 'tile-value', testid: `summary-${key}` }, '—');
  const el = h('div', { className: `tile ${tone}` }, value, h('div', { className: 'tile-label' }, label));
  return {
    el,
    set(v) {
      value.textContent = v === undefined ? '—' : fmtNum(v);
      if (v === undefined) value.removeAttribute('data-value');
      else value.setAttribute('data-value', String(v));
    },
  };
}

function liveTile(key: string, label: string): { el: HTMLElement; set(v: number): void } {
  const value = h('div', { className: 'tile-value', testid: key, 'data-value': '0' }, '0');
  return {
    el: h('div', { className: 'tile live-tile' }, value, h('div', { className: 'tile-label' }, label)),
    set(v) {
      value.textContent = fmtNum(v);
      value.setAttribute('data-value', String(v));
    },
  };
}

function statusBadge(feed: LiveFeed): HTMLElement {
  const key = feed.status === 'live' ? 'live' : feed.status === 'offline' ? 'offline' : 'connecting';
  return h(
    'span',
    { className: `live-dot live-${key}`, testid: 'live-status', 'data-status': feed.status },
    t(key),
  );
}

export const overviewView: View = async (ctx, root) => {
  const tiles = {
    groups: tile('groups', t('groups')),
    cooperations: tile('cooperations', t('cooperations')),
    leadSchools: tile('leadSchools', t('leadSchools')),
    openViolations: tile('openViolations', t('openViolations'), 'tone-red'),
    openWarnings: tile('openWarnings', t('openWarnings'), 'tone-amber'),
  };
  const liveEvents = liveTile('live-events', t('liveEvents'));
  const liveFindings = liveTile('live-findings', t('liveFindings'));
  const statusSlot = h('span', {}, statusBadge(ctx.live));
  const footnote = h('p', { className: 'muted small', testid: 'summary-footnote' });
  const ruleChartEl = h('div', { className: 'chart', testid: 'chart-by-rule' });
  const districtChartEl = h('div', { className: 'chart', testid: 'chart-by-district' });
  const deadlinesSlot = h('div', {}, loading());
  const errorSlot = h('div', {});

  clear(root);
  root.append(
    h('h1', {}, t('navOverview'), ' ', statusSlot),
    errorSlot,
    h(
      'div',
      { className: 'tiles', testid: 'summary-tiles' },
      Object.values(tiles).map((x) => x.el),
      liveEvents.el,
      liveFindings.el,
    ),
    footnote,
    h(
      'div',
      { className: 'grid-2' },
      card(t('findingsByRule'), ruleChartEl),
      card(t('findingsByDistrict'), districtChartEl),
    ),
    card(t('urgentDeadlines'), deadlinesSlot),
  );

  let ruleChart: Chart | undefined;
  let districtChart: Chart | undefined;
  let lastRuleKey = '';
  let lastDistrictKey = '';

  const draw = (s: SummaryFigures) => {
    tiles.groups.set(s.groups);
    tiles.cooperations.set(s.cooperations);
    tiles.leadSchools.set(s.leadSchools);
    tiles.openViolations.set(s.openViolations);
    tiles.openWarnings.set(s.openWarnings);
    footnote.textContent = [
      s.asOf ? `${t('asOfLabel')} ${s.asOf}` : '',
      s.position ? `${t('position')} ${s.position}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const rules = [...s.byRule].filter((r) => r.count > 0).sort((a, b) => a.key.localeCompare(b.key));
    const ruleKey = JSON.stringify(rules);
    if (ruleKey !== lastRuleKey) {
      lastRuleKey = ruleKey;
      ruleChart?.dispose();
      ruleChartEl.setAttribute('data-bars', String(rules.length));
      ruleChart = barChart(
        ruleChartEl,
        rules.map((r) => ({
          key: r.key,
          label: ruleLabel(r.key),
          value: r.count,
          color: SEVERITY_COLOR[r.severity ?? RULE_SEVERITY[r.key.slice(0, 3)] ?? ''],
        })),
        (ruleId) => ctx.navigate(href('findings', undefined, { ruleId })),
      );
    }
    const districts = [...s.byDistrict].filter((r) => r.count > 0).sort((a, b) => a.key.localeCompare(b.key));
    const districtKey = JSON.stringify(districts);
    if (districtKey !== lastDistrictKey) {
      lastDistrictKey = districtKey;
      districtChart?.dispose();
      districtChartEl.setAttribute('data-bars', String(districts.length));
      districtChart = barChart(
        districtChartEl,
        districts.map((d) => ({ key: d.key, label: districtLabel(d.key), value: d.count })),
        (districtCode) => ctx.navigate(href('findings', undefined, { districtCode })),
      );
    }
    clear(deadlinesSlot);
    deadlinesSlot.append(
      deadlineTable(
        s.deadlines
          .map((d) => readDeadline(d, s.asOf))
          .sort((a, b) => a.due.localeCompare(b.due))
          .slice(0, 8),
        'urgent-deadlines',
        ctx.dir,
      ),
    );
    root.setAttribute('data-loaded', 'true');
  };

  const refresh = async (): Promise<void> => {
    try {
      const raw = await ctx.api.get('/dashboard/summary', {}, ctx.signal);
      clear(errorSlot);
      draw(readSummary(raw));
    } catch (err) {
      if (isAbort(err)) return;
      clear(errorSlot);
      errorSlot.append(errorBox(err));
    }
  };
  // A refetch on each live message, at most one a second (ADR 0161).
  const gate = refreshGate(refresh, LIVE_REFRESH_MS);
  ctx.cleanup(() => gate.dispose());

  const onLive = () => {
    liveEvents.set(ctx.live.events);
    liveFindings.set(ctx.live.findings);
    clear(statusSlot);
    statusSlot.append(statusBadge(ctx.live));
  };
  onLive();
  ctx.cleanup(
    ctx.live.subscribe((msg) => {
      onLive();
      if (msg) void gate.request();
    }),
  );
  await gate.request();
};
