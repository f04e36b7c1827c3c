/** Hash routes: `#/overview`, `#/findings?ruleId=R10`, `#/groups/:id?asOf=…`, `#/cooperations/:id`, … */
import type { Page } from './auth';

export interface Route {
  readonly page: Page | 'signin' | 'unknown';
  readonly id?: string;
  readonly query: URLSearchParams;
}

const SEGMENTS: Record<string, Page> = {
  overview: 'overview',
  findings: 'findings',
  groups: 'group',
  cooperations: 'cooperation',
  leads: 'leads',
  deadlines: 'deadlines',
  audit: 'audit',
};

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path, qs = ''] = raw.split('?', 2);
  const query = new URLSearchParams(qs);
  const [first = '', second] = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (first === '') return { page: 'overview', query };
  if (first === 'signin') return { page: 'signin', query };
  const page = SEGMENTS[first];
  return page ? { page, id: second, query } : { page: 'unknown', query };
}

const PATHS: Record<Page, string> = {
  overview: 'overview',
  findings: 'findings',
  group: 'groups',
  cooperation: 'cooperations',
  leads: 'leads',
  deadlines: 'deadlines',
  audit: 'audit',
};

export function href(page: Page, id?: string, query: Record<string, string | undefined> = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') qs.set(k, v);
  const q = qs.toString();
  return `#/${PATHS[page]}${id ? `/${encodeURIComponent(id)}` : ''}${q ? `?${q}` : ''}`;
}

/** The page a finding's subject opens: groups and cooperations have pages, schools show as leads. */
export function subjectHref(subject: { type: string; id: string }): string | undefined {
  if (subject.type === 'group') return href('group', subject.id);
  if (subject.type === 'cooperation') return href('cooperation', subject.id);
  if (subject.type === 'school') return href('leads', subject.id);
  return undefined;
}
