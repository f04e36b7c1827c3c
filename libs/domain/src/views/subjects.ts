import type { RecordedDomainEvent } from '../shared/envelope';
import { parseStreamId } from '../shared/envelope';
import type { IsoDay, SubjectRef } from '../shared/terms';
import type { LedgerView } from './ledger-view';
import { factById, subjectKey } from './ledger-view';

function add(out: Map<string, SubjectRef>, type: SubjectRef['type'], id: string | undefined): void {
  if (id === undefined) return;
  const ref: SubjectRef = { type, id };
  out.set(subjectKey(ref), ref);
}

/**
 * The data of a group's forming or a cooperation's proposal that counts: the first not retracted
 * (the decider accepts a new one once the first is retracted, ADR 0180), else the first. Its list
 * usually starts with it, so the scan stops there.
 */
function firstData(view: LedgerView, type: 'group' | 'cooperation', id: string): Record<string, unknown> | undefined {
  const list = type === 'group' ? view.groups.get(id) : view.cooperations.get(id);
  const creation = type === 'group' ? 'GroupFormed' : 'CooperationProposed';
  let first: Record<string, unknown> | undefined;
  for (const f of list ?? []) {
    if (f.type !== creation) continue;
    if (!view.retractions.has(f.eventId)) return f.data as Record<string, unknown>;
    first ??= f.data as Record<string, unknown>;
  }
  return first;
}

/**
 * A cooperation, its group and its schools. A retracted proposal's are left out: the cooperation is
 * no longer theirs (the retraction itself touches them, as it touches its target's subjects).
 */
function touchCooperation(view: LedgerView, out: Map<string, SubjectRef>, cooperationId: string): void {
  add(out, 'cooperation', cooperationId);
  const d = firstData(view, 'cooperation', cooperationId);
  if (!d) return;
  add(out, 'group', d.groupId as string);
  add(out, 'school', d.leadSchoolId as string);
  add(out, 'school', d.partnerSchoolId as string);
}

function touchSchool(view: LedgerView, out: Map<string, SubjectRef>, schoolId: string): void {
  add(out, 'school', schoolId);
  for (const c of view.index.cooperationsByPartner.get(schoolId) ?? []) touchCooperation(view, out, c);
  for (const c of view.index.cooperationsByLead.get(schoolId) ?? []) touchCooperation(view, out, c);
  for (const g of view.index.groupsByLead.get(schoolId) ?? []) add(out, 'group', g);
}

function touchGroup(view: LedgerView, out: Map<string, SubjectRef>, groupId: string): void {
  add(out, 'group', groupId);
  for (const c of view.index.cooperationsByGroup.get(groupId) ?? []) touchCooperation(view, out, c);
  const d = firstData(view, 'group', groupId);
  if (!d) return;
  const lead = d.leadSchoolId as string;
  add(out, 'school', lead);
  // R21: a partner that forms a group of its own; R22: the original group of a spin-off.
  for (const c of view.index.cooperationsByPartner.get(lead) ?? []) touchCooperation(view, out, c);
  const spun = d.spunOffFrom as { groupId: string } | undefined;
  if (spun) add(out, 'group', spun.groupId);
}

/**
 * The school, group and cooperation subjects whose findings an event may change (used to diff
 * findings before/after an event). Call it with a view that already holds the event's subject
 * (i.e. after applying it) so that creation events are indexed. Sorted by type then id.
 */
export function subjectsTouchedBy(event: RecordedDomainEvent, view: LedgerView): SubjectRef[] {
  const out = new Map<string, SubjectRef>();
  const visit = (type: string, streamSubject: SubjectRef | undefined, data: Record<string, unknown>): void => {
    if (type === 'CooperationProposed' || (streamSubject?.type === 'cooperation')) {
      touchCooperation(view, out, (data.cooperationId as string) ?? streamSubject?.id);
      if (type === 'CooperationProposed') {
        add(out, 'group', data.groupId as string);
        add(out, 'school', data.leadSchoolId as string);
        add(out, 'school', data.partnerSchoolId as string);
      }
    } else if (streamSubject?.type === 'group' || type.startsWith('Group') || type === 'CharterAdopted') {
      touchGroup(view, out, (data.groupId as string) ?? streamSubject?.id);
    } else if (streamSubject?.type === 'school' || typeof data.schoolId === 'string') {
      touchSchool(view, out, (data.schoolId as string) ?? streamSubject?.id);
    }
  };
  const data = (event.data ?? {}) as Record<string, unknown>;
  const stream = parseStreamId(event.streamId);
  if (event.type === 'EventRetracted' && stream) {
    const target = factById(view, stream, data.retractedEventId as string);
    if (target) visit(target.type, stream, target.data as Record<string, unknown>);
  }
  if (event.type === 'ExceptionGranted' && stream) add(out, stream.type, stream.id);
  else visit(event.type, stream, data);
  return [...out.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The latest known district code of a school (optionally as of a day). */
export function districtOfSchool(view: LedgerView, schoolId: string, asOf?: IsoDay): string | undefined {
  const list = view.schools.get(schoolId);
  if (!list) return undefined;
  let code: string | undefined;
  for (const f of list) {
    if (asOf && f.on > asOf) break;
    if (f.type === 'SchoolRegistered' && !view.retractions.has(f.eventId)) code = (f.data as { districtCode: string }).districtCode;
  }
  return code;
}

/**
 * District codes a subject touches: a school's own; a cooperation's lead and partner; a group's
 * lead and every partner it ever proposed. Used to scope district recorders and filters.
 */
export function districtsOf(subject: SubjectRef, view: LedgerView, asOf?: IsoDay): string[] {
  const codes = new Set<string>();
  const school = (id: string | undefined) => {
    if (id === undefined) return;
    const c = districtOfSchool(view, id, asOf);
    if (c) codes.add(c);
  };
  if (subject.type === 'school') school(subject.id);
  else if (subject.type === 'cooperation') {
    const d = firstData(view, 'cooperation', subject.id);
    school(d?.leadSchoolId as string | undefined);
    school(d?.partnerSchoolId as string | undefined);
  } else {
    const d = firstData(view, 'group', subject.id);
    school(d?.leadSchoolId as string | undefined);
    for (const c of view.index.cooperationsByGroup.get(subject.id) ?? []) {
      const cd = firstData(view, 'cooperation', c);
      school(cd?.leadSchoolId as string | undefined);
      school(cd?.partnerSchoolId as string | undefined);
    }
  }
  return [...codes].sort();
}
