/**
 * The dashboard shell: sign-in, header (navigation, language, projector mode), hash router.
 * Views are plain functions that fill a container; the router aborts the old one on navigation.
 */
import './styles.css';
import { createApi } from './api';
import {
  canSee,
  clearSession,
  decodeToken,
  loadSession,
  saveSession,
  tokenFromHash,
  type Page,
  type Session,
} from './auth';
import { disposeCharts, resizeCharts } from './charts';
import { errorBox, type Ctx, type View } from './context';
import { applyEvent, emptyDirectory, loadDirectory, type Directory } from './directory';
import { clear, h } from './dom';
import { enumLabel, initLang, lang, langTag, onLangChange, setLang, t } from './i18n';
import { openLiveFeed, type LiveFeed } from './live';
import { href, parseRoute } from './router';
import { auditView } from './views/audit';
import { deadlinesView } from './views/deadlines';
import { findingsView } from './views/findings';
import { leadsView } from './views/leads';
import { overviewView } from './views/overview';
import { subjectView } from './views/subject';

const VIEWS: Record<Page, View> = {
  overview: overviewView,
  findings: findingsView,
  group: subjectView('group'),
  cooperation: subjectView('cooperation'),
  leads: leadsView,
  deadlines: deadlinesView,
  audit: auditView,
};

const NAV: Array<[Page, () => string]> = [
  ['overview', () => t('navOverview')],
  ['findings', () => t('navFindings')],
  ['group', () => t('navGroups')],
  ['leads', () => t('navLeads')],
  ['deadlines', () => t('navDeadlines')],
  ['audit', () => t('navAudit')],
];

const nowSeconds = () => Math.floor(Date.now() / 1000);
const app = document.getElementById('app') as HTMLElement;

let session: Session | undefined;
let live: LiveFeed | undefined;
let directory: Promise<Directory> | undefined;
let viewAbort: AbortController | undefined;
let cleanups: Array<() => void> = [];
let signInNotice: string | undefined;

initLang(localStorage);
if (localStorage.getItem('ledger.projector') === 'true') document.body.classList.add('projector');

function signOut(notice?: string): void {
  clearSession(sessionStorage);
  session = undefined;
  live?.close();
  live = undefined;
  directory = undefined;
  signInNotice = notice;
  if (location.hash !== '#/signin') location.hash = '#/signin';
  else render();
}

const api = createApi(
  () => session?.token,
  () => signOut(t('tokenRejected')),
);

function signIn(raw: string): string | undefined {
  const result = decodeToken(raw, nowSeconds());
  if (!result.ok) return result.reason === 'expired' ? t('tokenExpired') : t('tokenInvalid');
  session = result.session;
  saveSession(sessionStorage, session);
  signInNotice = undefined;
  return undefined;
}

function header(active: string): HTMLElement {
  const s = session;
  return h(
    'header',
    { className: 'topbar' },
    h(
      'div',
      { className: 'brand' },
      h('strong', {}, t('appTitle')),
      h('span', { className: 'muted small' }, t('appSubtitle')),
    ),
    s
      ? h(
          'nav',
          { testid: 'nav' },
          NAV.filter(([page]) => canSee(s.role, page)).map(([page, label]) =>
            h(
              'a',
              { href: href(page), testid: `nav-${page}`, className: active === page ? 'active' : '' },
              label(),
            ),
          ),
        )
      : null,
    h(
      'div',
      { className: 'tools' },
      s
        ? h(
            'span',
            { className: 'role', testid: 'current-role', 'data-role': s.role },
            `${t('role')}: ${enumLabel(s.role)}`,
          )
        : null,
      h(
        'button',
        {
          type: 'button',
          className: 'secondary',
          testid: 'toggle-projector',
          'aria-pressed': String(document.body.classList.contains('projector')),
          onclick: () => {
            const on = document.body.classList.toggle('projector');
            localStorage.setItem('ledger.projector', String(on));
            render();
          },
        },
        t('projector'),
      ),
      h(
        'button',
        {
          type: 'button',
          className: 'secondary',
          testid: 'lang-switch',
          onclick: () => setLang(lang() === 'zh' ? 'en' : 'zh', localStorage),
        },
        t('switchLang'),
      ),
      s
        ? h(
            'button',
            { type: 'button', className: 'secondary', testid: 'sign-out', onclick: () => signOut() },
            t('signOut'),
          )
        : null,
    ),
  );
}

function signInPage(main: HTMLElement): void {
  const input = h('textarea', {
    testid: 'token-input',
    rows: 4,
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: 'eyJhbGciOi…',
  });
  const message = h(
    'p',
    { className: 'notice error', testid: 'signin-error', hidden: !signInNotice },
    signInNotice ?? '',
  );
  const form = h(
    'form',
    {
      className: 'card signin',
      testid: 'signin-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const problem = signIn(input.value);
        if (problem) {
          message.textContent = problem;
          message.hidden = false;
        } else {
          location.hash = href('overview');
        }
      },
    },
    h('h1', {}, t('signInTitle')),
    h('p', { className: 'muted' }, t('signInHelp')),
    h('label', {}, h('span', {}, t('tokenLabel')), input),
    message,
    h('button', { type: 'submit', testid: 'signin-submit' }, t('signIn')),
  );
  main.append(form);
}

function render(): void {
  viewAbort?.abort();
  for (const fn of cleanups) fn();
  cleanups = [];
  disposeCharts();
  document.documentElement.lang = langTag();
  document.title = t('appTitle');

  const route = parseRoute(location.hash);
  const main = h('main', { id: 'main', testid: `page-${route.page}` });
  clear(app);
  app.append(header(route.page), main);

  if (!session) {
    signInPage(main);
    return;
  }
  if (route.page === 'signin') {
    location.replace(href('overview'));
    return;
  }
  if (route.page === 'unknown' || !canSee(session.role, route.page)) {
    main.append(h('div', { className: 'notice error', testid: 'forbidden' }, t('forbidden')));
    return;
  }
  if (!live || !directory) {
    const feed = openLiveFeed(session.token);
    const dirPromise = loadDirectory(api).catch(() => emptyDirectory());
    // The directory hears each event before the views do, so names are there when they redraw.
    feed.subscribe((msg) => {
      if (msg?.kind === 'ledger-event') void dirPromise.then((d) => applyEvent(d, msg.data));
    });
    live = feed;
    directory = dirPromise;
  }
  const abort = new AbortController();
  viewAbort = abort;
  const feed = live;
  const s = session;
  main.append(h('p', { className: 'muted', testid: 'loading' }, t('loading')));
  void directory.then((dir) => {
    if (abort.signal.aborted) return;
    clear(main);
    const ctx: Ctx = {
      api,
      session: s,
      live: feed,
      dir,
      route,
      signal: abort.signal,
      cleanup: (fn) => cleanups.push(fn),
      navigate: (hash) => {
        location.hash = hash;
      },
    };
    const page = route.page as Page;
    Promise.resolve(VIEWS[page](ctx, main)).catch((err: unknown) => {
      if (!abort.signal.aborted) main.append(errorBox(err));
    });
  });
}

function start(): void {
  const fromLink = tokenFromHash(location.hash);
  if (fromLink) {
    const problem = signIn(fromLink);
    if (problem) signInNotice = problem;
    // Take the token out of the address bar and the history.
    history.replaceState(
      null,
      '',
      `${location.pathname}${location.search}${problem ? '#/signin' : href('overview')}`,
    );
  } else {
    session = loadSession(sessionStorage, nowSeconds());
  }
  window.addEventListener('hashchange', render);
  window.addEventListener('resize', resizeCharts);
  // A language switch redraws the current view in the new language.
  onLangChange(() => render());
  render();
}

start();
