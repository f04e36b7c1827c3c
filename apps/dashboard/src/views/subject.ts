/**
 * View 3: one group or cooperation — members, terms, approvals, documents, evaluation scores,
 * findings and the full history — with a time slider (`asOf`, one step per day from formation to
 * today) and a "known at" picker that redraw the page as it was (ADR 0065).
 */
import { allPages, type AllPages, type Finding, type Subject } from '../api';
import { lineChart, type Chart } from '../charts';
import {
  arr,
  card,
  errorBox,
  field,
  fmtDay,
  fmtInstant,
  isAbort,
  loading,
  pill,
  str,
  type Ctx,
  type View,
} from '../context';
import { addDays, daysBetween, instantToLocalInput, isIsoDay, localInputToInstant } from '../days';
import { append, clear, h, type Child } from '../dom';
import { districtLabel, enumLabel, eventTypeLabel, fieldLabel, ruleLabel, t, type UiKey } from '../i18n';
import { cooperationName, groupName, schoolName, type Directory } from '../directory';
import { LIVE_REFRESH_MS, refreshGate } from '../refresh-gate';
import { href } from '../router';
import { findingsTable } from './findings';

/** A subject's history is asked for 1,000 entries a page (the API's largest), at most 20 pages. */
const HISTORY_PAGE = 1000;
const HISTORY_PAGES = 20;

type Kind = 'group' | 'cooperation';
const PATH: Record<Kind, string> = { group: '/groups', cooperation: '/cooperations' };

/** The server's "today", learned from any answer given without `asOf`. */
let serverToday: string | undefined;

interface HistoryItem {
  readonly eventId: string;
  readonly type: string;
  readonly occurredOn?: string;
  readonly recordedAt?: string;
  readonly position?: string;
  readonly revision?: string;
  readonly actor?: unknown;
  readonly data?: unknown;
  readonly retracted: boolean;
  readonly retractedBy?: string;
  readonly retractionReason?: string;
  readonly retractedAt?: string;
  readonly opened: Finding[];
  readonly closed: Finding[];
}

function readHistoryItem(raw: unknown): HistoryItem {
  const meta = field(raw, 'metadata');
  const retraction = field(raw, 'retraction', 'retractedBy');
  const findings = field(raw, 'findings');
  return {
    eventId: str(field(raw, 'eventId', 'id')) ?? '',
    type: str(field(raw, 'type')) ?? '',
    occurredOn: str(field(raw, 'occurredOn') ?? field(meta, 'occurredOn')),
    recordedAt: str(field(raw, 'recordedAt') ?? field(meta, 'recordedAt')),
    position: str(field(raw, 'position')),
    revision: str(field(raw, 'revision')),
    actor: field(raw, 'actor') ?? field(meta, 'actor'),
    data: field(raw, 'data'),
    retracted: field(raw, 'retracted') === true || retraction !== undefined,
    retractedBy: str(
      typeof retraction === 'object' ? field(retraction, 'eventId', 'retractedBy') : retraction,
    ),
    retractionReason: str(field(retraction, 'reason')),
    retractedAt: str(field(retraction, 'recordedAt')),
    opened: arr(field(raw, 'opened', 'findingsOpened') ?? field(findings, 'opened')) as Finding[],
    closed: arr(field(raw, 'closed', 'findingsClosed') ?? field(findings, 'closed')) as Finding[],
  };
}

function actorText(actor: unknown): string {
  if (!actor || typeof actor !== 'object') return str(actor) ?? '—';
  const role = str(field(actor, 'role'));
  const id = str(field(actor, 'id', 'sub'));
  const j = str(field(actor, 'jurisdiction'));
  return [
    id,
    role ? enumLabel(role) : undefined,
    j ? (j === 'city' ? enumLabel('CITY_BUREAU') : districtLabel(j)) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Every `{ kind?, sha256, title? }` anywhere in the state: the documents the ledger holds digests of. */
function collectDocuments(
  value: unknown,
  path: string[] = [],
  out: Array<{ kind: string; sha256: string; title?: string; where: string }> = [],
) {
  if (Array.isArray(value)) value.forEach((v, i) => collectDocuments(v, [...path, String(i)], out));
  else if (value && typeof value === 'object') {
    const sha = field(value, 'sha256');
    if (typeof sha === 'string') {
      if (!out.some((d) => d.sha256 === sha)) {
        out.push({
          kind: str(field(value, 'kind')) ?? '—',
          sha256: sha,
          title: str(field(value, 'title')),
          where: path.filter((p) => !/^\d+$/.test(p)).join('.'),
        });
      }
    } else for (const [k, v] of Object.entries(value)) collectDocuments(v, [...path, k], out);
  }
  return out;
}

/** Every object with `scores` anywhere in the state: the evaluations. */
function collectEvaluations(value: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((v) => collectEvaluations(v, out));
  else if (value && typeof value === 'object') {
    if (field(value, 'scores')) out.push(value);
    else for (const v of Object.values(value)) collectEvaluations(v, out);
  }
  return out;
}

const SCORE_KEYS: Array<[string, UiKey]> = [
  ['schoolDevelopment', 'scoreSchoolDevelopment'],
  ['teacherDevelopment', 'scoreTeacherDevelopment'],
  ['studentDevelopment', 'scoreStudentDevelopment'],
  ['socialRecognition', 'scoreSocialRecognition'],
  ['developmentPotential', 'scoreDevelopmentPotential'],
];

/** The directory the current page names ids with. */
let names: Directory | undefined;

function jumpToEvent(eventId: string): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      className: 'link digest',
      title: eventId,
      onclick: () =>
        document.getElementById(`event-${eventId}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' }),
    },
    eventId.slice(0, 8),
  );
}

function idLink(key: string, v: string): Child {
  if (/^(groupId)$/i.test(key) || /GroupId$/.test(key))
    return h('a', { href: href('group', v) }, groupName(names, v));
  if (/^cooperationIds?$/i.test(key) || /CooperationId$/.test(key))
    return h('a', { href: href('cooperation', v) }, cooperationName(names, v));
  if (/^schoolId$/i.test(key) || /SchoolId$/.test(key) || key === 'participants')
    return h('a', { href: href('leads', v) }, schoolName(names, v));
  return undefined;
}

function scalarText(key: string, v: unknown): Child {
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return '—';
  if (key === 'eventId') return jumpToEvent(v);
  if (/districtCode$/i.test(key)) return `${districtLabel(v)} (${v})`;
  const link = idLink(key, v);
  if (link) return link;
  if (/^[A-Z_]+$/.test(v)) return enumLabel(v);
  if (/T\d{2}:\d{2}/.test(v)) return fmtInstant(v);
  return v;
}

function authorityText(a: unknown): string {
  const kind = str(field(a, 'kind'));
  const code = str(field(a, 'districtCode'));
  const name = str(field(a, 'name'));
  return [kind ? enumLabel(kind) : '', code ? districtLabel(code) : '', name ?? ''].filter(Boolean).join(' ');
}

/** Any value of a state, compactly: ids as named links, documents as kind + digest, dated facts as their day. */
function valueText(key: string, v: unknown): Child {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) {
    if (v.length === 0) return '—';
    return v.map((x, i) => [i > 0 ? '、' : '', valueText(key, x)]);
  }
  if (typeof v !== 'object') return scalarText(key, v);
  const o = v as Record<string, unknown>;
  if (typeof o.sha256 === 'string')
    return [
      enumLabel(str(o.kind)),
      ' ',
      h('span', { className: 'digest', title: o.sha256 }, `${o.sha256.slice(0, 12)}…`),
    ];
  if (typeof o.schoolId === 'string' && Object.keys(o).length <= 2) return scalarText('schoolId', o.schoolId);
  if (o.authority && typeof o.authority === 'object') return authorityText(o.authority);
  if (typeof o.kind === 'string' && /^(CITY|DISTRICT|OTHER)/.test(o.kind)) return authorityText(o);
  const parts: Child[] = [];
  for (const [k, x] of Object.entries(o)) {
    if (k === 'pos' || x === undefined || x === null) continue;
    parts.push(h('span', { className: 'kv' }, k === 'on' ? '' : `${fieldLabel(k)}: `, valueText(k, x)), ' ');
  }
  return parts;
}

/** The state's fields as a definition list; lists of records get their own tables. */
function factsList(state: Record<string, unknown>, testid = 'subject-facts'): HTMLElement {
  const rows = Object.entries(state).filter(
    ([, v]) => !(Array.isArray(v) && v.some((x) => x && typeof x === 'object')),
  );
  return h(
    'dl',
    { className: 'facts', testid },
    rows.map(([k, v]) => [h('dt', {}, fieldLabel(k)), h('dd', { 'data-field': k }, valueText(k, v))]),
  );
}

/** A list of records (members, approvals, dispatches…) as a table. */
function objectTable(items: unknown[], testid: string): HTMLElement {
  const objs = items.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object');
  if (objs.length === 0) return h('p', { className: 'muted', testid: `${testid}-empty` }, t('noData'));
  const keys: string[] = [];
  for (const o of objs) for (const k of Object.keys(o)) if (!keys.includes(k) && k !== 'pos') keys.push(k);
  return h(
    'table',
    { className: 'table compact', testid },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        keys.map((k) => h('th', {}, fieldLabel(k))),
      ),
    ),
    h(
      'tbody',
      {},
      objs.map((o) =>
        h(
          'tr',
          {},
          keys.map((k) => h('td', {}, valueText(k, o[k]))),
        ),
      ),
    ),
  );
}

const ALWAYS_SHOWN = ['members', 'approvals'];

function listSections(state: Record<string, unknown>): HTMLElement[] {
  const sections: HTMLElement[] = [];
  for (const [k, v] of Object.entries(state)) {
    if (!Array.isArray(v)) continue;
    if (v.length === 0 && !ALWAYS_SHOWN.includes(k)) continue;
    if (v.length > 0 && v.every((x) => typeof x !== 'object')) continue;
    if (v.some((x) => field(x, 'scores'))) continue; // drawn as the evaluation chart
    sections.push(
      h(
        'section',
        { className: 'card', testid: `section-${k}` },
        h('h2', {}, fieldLabel(k)),
        objectTable(v, `list-${k}`),
      ),
    );
  }
  return sections;
}

function timeline(
  items: readonly HistoryItem[],
  asOf: string | undefined,
  knownAt: string | undefined,
  onPickDay: (day: string) => void,
): HTMLElement {
  if (items.length === 0) return h('p', { className: 'muted' }, t('noData'));
  return h(
    'ol',
    { className: 'timeline', testid: 'history' },
    items.map((e) => {
      const after = !!(asOf && e.occurredOn && e.occurredOn > asOf);
      const unknown = !!(knownAt && e.recordedAt && e.recordedAt > knownAt);
      return h(
        'li',
        {
          id: `event-${e.eventId}`,
          className: ['tl-item', after || unknown ? 'tl-future' : '', e.retracted ? 'tl-retracted' : ''].join(
            ' ',
          ),
          testid: 'history-item',
          'data-type': e.type,
          'data-position': e.position,
        },
        h(
          'div',
          { className: 'tl-head' },
          h(
            'button',
            {
              type: 'button',
              className: 'link',
              title: t('asOfLabel'),
              onclick: () => e.occurredOn && onPickDay(e.occurredOn),
            },
            fmtDay(e.occurredOn),
          ),
          h('strong', {}, eventTypeLabel(e.type)),
          e.retracted ? pill('warning', t('retracted')) : null,
          e.retracted && (e.retractionReason || e.retractedAt)
            ? h(
                'span',
                { className: 'muted small', testid: 'retraction' },
                [e.retractionReason, e.retractedAt ? `${t('recordedAt')} ${fmtInstant(e.retractedAt)}` : '']
                  .filter(Boolean)
                  .join(' · '),
              )
            : null,
          after ? h('span', { className: 'muted small' }, `(${t('afterAsOf')})`) : null,
          unknown ? h('span', { className: 'muted small' }, `(${t('notYetKnown')})`) : null,
        ),
        h(
          'div',
          { className: 'tl-meta muted small' },
          `${t('actor')}: ${actorText(e.actor)} · ${t('recordedAt')}: ${fmtInstant(e.recordedAt)}`,
          e.position ? ` · ${t('position')} ${e.position}` : '',
          e.revision ? ` · ${t('revision')} ${e.revision}` : '',
        ),
        e.opened.length || e.closed.length
          ? h(
              'div',
              { className: 'tl-findings' },
              e.opened.map((f) => pill(f.severity ?? 'warning', `${t('opened')} ${ruleLabel(f.ruleId)}`)),
              e.closed.map((f) => pill('ok', `${t('closed')} ${ruleLabel(f.ruleId)}`)),
            )
          : null,
      );
    }),
  );
}

function evaluationChart(el: HTMLElement, evaluations: unknown[]): Chart | undefined {
  if (evaluations.length === 0) return undefined;
  const rows = evaluations
    .map((e) => ({ period: str(field(e, 'period', 'occurredOn')) ?? '', scores: field(e, 'scores') }))
    .sort((a, b) => a.period.localeCompare(b.period));
  const periods = rows.map((r) => r.period);
  return lineChart(
    el,
    periods,
    SCORE_KEYS.map(([key, label]) => ({
      name: t(label),
      points: rows
        .map((r) => [r.period, Number(field(r.scores, key) ?? NaN)] as const)
        .filter((p) => Number.isFinite(p[1])),
    })),
  );
}

export function subjectView(kind: Kind): View {
  return async (ctx: Ctx, root: HTMLElement) => {
    names = ctx.dir;
    const id = ctx.route.id;
    if (!id) {
      groupList(ctx, root);
      return;
    }
    let asOf = isIsoDay(ctx.route.query.get('asOf')) ? (ctx.route.query.get('asOf') as string) : undefined;
    let knownAt = ctx.route.query.get('knownAt') ?? undefined;

    clear(root);
    const displayName = () => (kind === 'group' ? groupName(ctx.dir, id) : cooperationName(ctx.dir, id));
    const title = h('h1', { testid: 'subject-title' }, `${t(kind)} · ${displayName()}`);
    const controls = h('div', { className: 'card time-travel', testid: 'time-travel' }, loading());
    const body = h('div', { testid: 'subject-body' }, loading());
    const historySlot = h('div', {}, loading());
    root.append(title, controls, body, card(t('history'), historySlot));

    let history: HistoryItem[] = [];
    /** How many events the stream holds, when more than the pages fetched (`HISTORY_PAGES`). */
    let historyCut: number | undefined;
    let formedOn: string | undefined;
    // The whole history, page by page (a busy group has thousands of events; ADR 0167).
    const fetchHistory = () =>
      allPages<unknown>(ctx.api, `${PATH[kind]}/${encodeURIComponent(id)}/history`, { limit: HISTORY_PAGE }, HISTORY_PAGES, ctx.signal);
    const takeHistory = (all: AllPages<unknown>) => {
      history = all.items.map(readHistoryItem);
      historyCut = all.complete ? undefined : all.total;
    };

    const [first, historyRaw] = await Promise.all([
      ctx.api
        .get<Subject>(`${PATH[kind]}/${encodeURIComponent(id)}`, { asOf, knownAt }, ctx.signal)
        .catch((e: unknown) => e),
      fetchHistory().catch((e: unknown) => e),
    ]);
    if (ctx.signal.aborted) return;
    if (
      first instanceof Error ||
      (first && typeof first === 'object' && !('id' in first) && !('state' in first))
    ) {
      clear(controls);
      clear(body);
      body.append(errorBox(first));
      historySlot.remove();
      return;
    }
    if (!(historyRaw instanceof Error)) takeHistory(historyRaw as AllPages<unknown>);
    const sub = first as Subject;
    if (!asOf && isIsoDay(sub.asOf)) serverToday = sub.asOf;
    if (!serverToday) {
      const plain = await ctx.api
        .get<Subject>(`${PATH[kind]}/${encodeURIComponent(id)}`, {}, ctx.signal)
        .catch(() => undefined);
      serverToday = isIsoDay(plain?.asOf) ? plain.asOf : new Date().toISOString().slice(0, 10);
    }
    const today = serverToday;
    const occurred = history
      .map((e) => e.occurredOn)
      .filter(isIsoDay)
      .sort();
    const stateFormed = str(field(field(sub.state, 'formed', 'proposed'), 'on'));
    formedOn = occurred[0] ?? (isIsoDay(stateFormed) ? stateFormed : ctx.dir.groups.get(id)?.formedOn);
    // Findings of a group's cooperations may predate the group: let the slider reach before them.
    const earliestSince = (arr(sub.findings) as Finding[])
      .map((f) => f.since)
      .filter(isIsoDay)
      .sort()[0];
    if (earliestSince && formedOn && earliestSince <= formedOn) formedOn = addDays(earliestSince, -1);
    if (!formedOn || formedOn > today) formedOn = addDays(today, -365);
    const span = Math.max(0, daysBetween(formedOn, today));

    // Controls: the slider (one step per day) and the known-at picker.
    const dayLabel = h('output', { testid: 'asof-value', className: 'asof-value' }, asOf ?? today);
    const slider = h('input', {
      type: 'range',
      min: 0,
      max: span,
      step: 1,
      value: String(asOf ? Math.min(span, Math.max(0, daysBetween(formedOn, asOf))) : span),
      testid: 'asof-slider',
      'data-start': formedOn,
      'data-end': today,
      'aria-label': t('asOfLabel'),
    });
    const knownInput = h('input', {
      type: 'datetime-local',
      step: 1,
      value: instantToLocalInput(knownAt),
      testid: 'knownat-input',
      'aria-label': t('knownAtLabel'),
    });
    const knownNow = h(
      'button',
      { type: 'button', className: 'secondary', testid: 'knownat-now' },
      t('knownAtNow'),
    );
    const todayBtn = h(
      'button',
      { type: 'button', className: 'secondary', testid: 'asof-today' },
      t('today'),
    );
    clear(controls);
    controls.append(
      h('h2', {}, t('timeTravel')),
      h(
        'div',
        { className: 'slider-row' },
        h('span', { className: 'muted' }, fmtDay(formedOn)),
        slider,
        h('span', { className: 'muted' }, fmtDay(today)),
      ),
      h(
        'div',
        { className: 'controls-row' },
        h('label', {}, `${t('asOfLabel')} `, dayLabel),
        todayBtn,
        h('label', {}, `${t('knownAtLabel')} (UTC) `, knownInput),
        knownNow,
      ),
    );

    let chart: Chart | undefined;
    let seq = 0;
    const redraw = async () => {
      const mine = ++seq;
      const hash = href(kind, id, { asOf, knownAt });
      if (location.hash !== hash) history_replace(hash);
      body.setAttribute('aria-busy', 'true');
      let s: Subject;
      try {
        s = await ctx.api.get<Subject>(
          `${PATH[kind]}/${encodeURIComponent(id)}`,
          { asOf, knownAt },
          ctx.signal,
        );
      } catch (err) {
        if (isAbort(err) || mine !== seq) return;
        clear(body);
        body.append(errorBox(err));
        return;
      }
      if (mine !== seq) return;
      chart?.dispose();
      chart = undefined;
      clear(body);
      const state = (s.state && typeof s.state === 'object' ? s.state : {}) as Record<string, unknown>;
      title.textContent = `${t(kind)} · ${str(field(state, 'name')) ?? displayName()}`;
      const dissolved = field(state, 'dissolved');
      const status =
        str(field(state, 'status')) ??
        (kind === 'group' && s.state ? (dissolved ? 'DISSOLVED' : 'FORMED') : undefined);
      const findings = arr(s.findings) as Finding[];
      const open = findings.filter((f) => f.status === 'OPEN');
      const docs = collectDocuments(state);
      const evaluations = collectEvaluations(state);
      const chartEl = h('div', {
        className: 'chart',
        testid: 'evaluation-chart',
        'data-points': String(evaluations.length),
      });
      append(body, [
        h(
          'div',
          { className: 'subject-head' },
          status
            ? pill(status === 'ACTIVE' || status === 'FORMED' ? 'ok' : 'neutral', enumLabel(status))
            : null,
          h(
            'span',
            { testid: 'subject-asof', 'data-value': s.asOf ?? asOf ?? today },
            `${t('asOfLabel')} ${s.asOf ?? asOf ?? today}`,
          ),
          h(
            'span',
            { testid: 'subject-knownat' },
            `${t('knownAtLabel')} ${s.knownAt ? fmtInstant(String(s.knownAt)) : t('knownAtNow')}`,
          ),
          s.revision !== undefined && s.revision !== null
            ? h(
                'span',
                { testid: 'subject-revision', 'data-value': String(s.revision) },
                `${t('revision')} ${String(s.revision)}`,
              )
            : null,
          h(
            'span',
            { testid: 'subject-open-findings', 'data-value': String(open.length) },
            `${t('findings')}: ${open.length}`,
          ),
        ),
        s.state === null ? h('p', { className: 'notice', testid: 'subject-not-yet' }, t('noData')) : null,
        h(
          'div',
          { className: 'grid-2' },
          card(t('state'), factsList(state)),
          card(t('findings'), findingsTable(findings, { showSubject: false, testid: 'subject-findings' })),
        ),
        ...listSections(state),
        h(
          'div',
          { className: 'grid-2' },
          card(
            t('documents'),
            docs.length
              ? h(
                  'table',
                  { className: 'table compact', testid: 'documents' },
                  h(
                    'tbody',
                    {},
                    docs.map((d) =>
                      h(
                        'tr',
                        {},
                        h('td', {}, enumLabel(d.kind)),
                        h('td', {}, d.title ?? fieldLabel(d.where.split('.')[0] ?? '')),
                        h('td', { className: 'digest', title: d.sha256 }, d.sha256),
                      ),
                    ),
                  ),
                )
              : h('p', { className: 'muted' }, t('noData')),
          ),
          card(t('evaluations'), evaluations.length ? chartEl : h('p', { className: 'muted' }, t('noData'))),
        ),
      ]);
      chart = evaluationChart(chartEl, evaluations);
      clear(historySlot);
      if (historyCut !== undefined)
        historySlot.append(
          h('p', { className: 'muted', testid: 'history-cut' }, t('historyCut', { shown: history.length, total: historyCut })),
        );
      historySlot.append(timeline(history, asOf, knownAt, (day) => setAsOf(day)));
      body.removeAttribute('aria-busy');
      root.setAttribute('data-loaded', 'true');
      root.setAttribute('data-asof', asOf ?? '');
    };

    const setAsOf = (day: string | undefined) => {
      asOf = day && day < today ? day : undefined;
      slider.value = String(asOf ? Math.min(span, Math.max(0, daysBetween(formedOn as string, asOf))) : span);
      dayLabel.textContent = asOf ?? today;
      void redraw();
    };
    const sliderDay = () => addDays(formedOn as string, Number(slider.value));
    slider.addEventListener('input', () => {
      dayLabel.textContent = sliderDay();
    });
    slider.addEventListener('change', () => setAsOf(sliderDay()));
    todayBtn.addEventListener('click', () => setAsOf(undefined));
    knownInput.addEventListener('change', () => {
      knownAt = localInputToInstant(knownInput.value);
      void redraw();
    });
    knownNow.addEventListener('click', () => {
      knownAt = undefined;
      knownInput.value = '';
      void redraw();
    });
    ctx.cleanup(() => chart?.dispose());
    // Live: a new event may change this subject. Refetched at most once a second (ADR 0161): a
    // batch of events for one subject (an import) makes one history request, not one per event.
    let historyStale = false;
    const live = refreshGate(async () => {
      if (historyStale) {
        historyStale = false;
        await fetchHistory()
          .then(takeHistory)
          .catch(() => undefined);
      }
      if (!asOf && !knownAt) await redraw();
    }, LIVE_REFRESH_MS);
    ctx.cleanup(() => live.dispose());
    ctx.cleanup(
      ctx.live.subscribe((msg) => {
        if (!msg) return;
        const stream = `${kind}-${id}`;
        const streamId = str(field(msg.data, 'streamId'));
        const subject = field(field(msg.data, 'finding'), 'subject');
        const mine =
          streamId === stream ||
          (kind === 'group' &&
            !!streamId &&
            ctx.dir.cooperations.get(streamId.replace(/^cooperation-/, ''))?.groupId === id) ||
          (str(field(subject, 'type')) === kind && str(field(subject, 'id')) === id);
        if (!mine) return;
        if (streamId === stream) historyStale = true;
        void live.request();
      }),
    );
    await redraw();
  };
}

/** `#/groups` without an id: every group the directory knows, with its lead school. */
function groupList(ctx: Ctx, root: HTMLElement): void {
  const groups = [...ctx.dir.groups.entries()].sort((a, b) => a[1].name.localeCompare(b[1].name, 'zh-CN'));
  clear(root);
  root.append(
    h('h1', {}, t('navGroups')),
    h(
      'p',
      { className: 'muted', testid: 'group-count', 'data-value': String(groups.length) },
      t('total', { n: groups.length }),
    ),
    groups.length === 0
      ? h('p', { className: 'muted' }, t('noData'))
      : h(
          'table',
          { className: 'table', testid: 'group-list' },
          h(
            'thead',
            {},
            h('tr', {}, h('th', {}, t('name')), h('th', {}, t('lead')), h('th', {}, t('formedOn'))),
          ),
          h(
            'tbody',
            {},
            groups.map(([gid, g]) =>
              h(
                'tr',
                { testid: 'group-row', 'data-id': gid },
                h('td', {}, h('a', { href: href('group', gid) }, g.name)),
                h(
                  'td',
                  {},
                  h('a', { href: href('leads', g.leadSchoolId) }, schoolName(ctx.dir, g.leadSchoolId)),
                ),
                h('td', { className: 'nowrap' }, fmtDay(g.formedOn)),
              ),
            ),
          ),
        ),
  );
  root.setAttribute('data-loaded', 'true');
}

/** Keeps the address shareable without a hashchange (which would rebuild the whole view). */
function history_replace(hash: string): void {
  window.history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
}
