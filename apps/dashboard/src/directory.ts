/**
 * Names for ids (ADR 0066). The API answers ids (school codes, group and cooperation ids); people
 * read names. The directory folds the registering events of the global log (`GET /events`, paged)
 * into small maps once per session, then keeps them current from the live feed's events.
 * It reads at most MAX_EVENTS events: past that, ids are shown as they are.
 */
import type { Api } from './api';
import { arr, field, str } from './context';

export const MAX_EVENTS = 20_000;
const PAGE = 1000;

export interface SchoolEntry {
  name: string;
  districtCode?: string;
  lead: boolean;
}
export interface GroupEntry {
  name: string;
  leadSchoolId: string;
  formedOn?: string;
}
export interface CooperationEntry {
  groupId: string;
  leadSchoolId: string;
  partnerSchoolId: string;
}

export interface Directory {
  readonly schools: Map<string, SchoolEntry>;
  readonly groups: Map<string, GroupEntry>;
  readonly cooperations: Map<string, CooperationEntry>;
  /** True when the log was longer than MAX_EVENTS and the maps are partial. */
  partial: boolean;
}

export function emptyDirectory(): Directory {
  return { schools: new Map(), groups: new Map(), cooperations: new Map(), partial: false };
}

/** Folds one event (`{ type, data, occurredOn? | metadata.occurredOn }`) into the directory. */
export function applyEvent(dir: Directory, e: unknown): void {
  const type = str(field(e, 'type'));
  const d = field(e, 'data');
  const occurredOn = str(field(e, 'occurredOn') ?? field(field(e, 'metadata'), 'occurredOn'));
  switch (type) {
    case 'SchoolRegistered': {
      const id = str(field(d, 'schoolId')) ?? str(field(e, 'streamId'))?.replace(/^school-/, '');
      if (id)
        dir.schools.set(id, {
          name: str(field(d, 'name')) ?? id,
          districtCode: str(field(d, 'districtCode')),
          lead: dir.schools.get(id)?.lead ?? false,
        });
      break;
    }
    case 'SchoolDesignatedLead': {
      const id = str(field(d, 'schoolId')) ?? str(field(e, 'streamId'))?.replace(/^school-/, '');
      if (id) dir.schools.set(id, { ...(dir.schools.get(id) ?? { name: id }), lead: true });
      break;
    }
    case 'GroupFormed': {
      const id = str(field(d, 'groupId')) ?? str(field(e, 'streamId'))?.replace(/^group-/, '');
      const lead = str(field(d, 'leadSchoolId'));
      if (id && lead) {
        dir.groups.set(id, { name: str(field(d, 'name')) ?? id, leadSchoolId: lead, formedOn: occurredOn });
        const s = dir.schools.get(lead);
        if (s) s.lead = true;
        else dir.schools.set(lead, { name: lead, lead: true });
      }
      break;
    }
    case 'CooperationProposed': {
      const id = str(field(d, 'cooperationId')) ?? str(field(e, 'streamId'))?.replace(/^cooperation-/, '');
      const groupId = str(field(d, 'groupId'));
      const leadSchoolId = str(field(d, 'leadSchoolId'));
      const partnerSchoolId = str(field(d, 'partnerSchoolId'));
      if (id && groupId && leadSchoolId && partnerSchoolId)
        dir.cooperations.set(id, { groupId, leadSchoolId, partnerSchoolId });
      break;
    }
  }
}

export async function loadDirectory(api: Api, signal?: AbortSignal): Promise<Directory> {
  const dir = emptyDirectory();
  let from = '1';
  let read = 0;
  for (;;) {
    const page = await api.get('/events', { fromPosition: from, limit: PAGE }, signal);
    const items = arr(field(page, 'items'));
    for (const e of items) applyEvent(dir, e);
    read += items.length;
    const next = str(field(page, 'nextCursor'));
    if (!next || items.length === 0) break;
    if (read >= MAX_EVENTS) {
      dir.partial = true;
      break;
    }
    from = next;
  }
  return dir;
}

/** "长郡中学" for a school id, or the id itself. */
export function schoolName(dir: Directory | undefined, id: string | undefined): string {
  if (!id) return '—';
  return dir?.schools.get(id)?.name ?? id;
}

export function groupName(dir: Directory | undefined, id: string | undefined): string {
  if (!id) return '—';
  return dir?.groups.get(id)?.name ?? id;
}

/** "长郡中学 → 某某小学" for a cooperation id, or the id itself. */
export function cooperationName(dir: Directory | undefined, id: string | undefined): string {
  if (!id) return '—';
  const c = dir?.cooperations.get(id);
  return c ? `${schoolName(dir, c.leadSchoolId)} → ${schoolName(dir, c.partnerSchoolId)}` : id;
}

export function subjectName(
  dir: Directory | undefined,
  subject: { type: string; id: string } | undefined,
): string {
  if (!subject) return '—';
  if (subject.type === 'school') return schoolName(dir, subject.id);
  if (subject.type === 'group') return groupName(dir, subject.id);
  if (subject.type === 'cooperation') return cooperationName(dir, subject.id);
  return subject.id;
}
