import type { SubjectRef } from '@ledger/domain';

const ID_FIELD: Record<SubjectRef['type'], string> = {
  school: 'schoolId',
  group: 'groupId',
  cooperation: 'cooperationId',
};

/** The body as plain JSON without `occurredOn` (which travels in the metadata). */
export function plainBody(body: object): Record<string, unknown> {
  const { occurredOn: _occurredOn, ...rest } = JSON.parse(JSON.stringify(body ?? {})) as Record<
    string,
    unknown
  >;
  return rest;
}

/** Command data = the event data: the aggregate's id first, then the body's fields. */
export function commandData(
  subject: SubjectRef,
  body: object,
  omit: readonly string[] = [],
): Record<string, unknown> {
  const data: Record<string, unknown> = { [ID_FIELD[subject.type]]: subject.id, ...plainBody(body) };
  for (const key of omit) delete data[key];
  return data;
}
