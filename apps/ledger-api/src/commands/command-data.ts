import type { SubjectRef } from '@ledger/domain';

const ID_FIELD: Record<SubjectRef['type'], string> = {
  school: 'schoolId',
  group: 'groupId',
  cooperation: 'cooperationId',
};

/**
 * The body as plain JSON (a JSON round trip of the validated DTO): what the command data and the
 * request hash are made of. One copy serves both (ADR 0124): a controller that builds the command
 * data from it hands it over as `CommandRequest.plainBody`, and the hash reads it as is.
 */
export function plainJson(body: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(body ?? {})) as Record<string, unknown>;
}

/** `plain` without `occurredOn` (which travels in the metadata). */
function withoutOccurredOn(plain: Record<string, unknown>): Record<string, unknown> {
  const { occurredOn: _occurredOn, ...rest } = plain;
  return rest;
}

/**
 * Command data = the event data: the aggregate's id first, then the body's fields (from `plain`,
 * the body's `plainJson`, which is not changed: the data is a new object).
 */
export function commandDataOf(
  subject: SubjectRef,
  plain: Record<string, unknown>,
  omit: readonly string[] = [],
): Record<string, unknown> {
  const data: Record<string, unknown> = { [ID_FIELD[subject.type]]: subject.id, ...withoutOccurredOn(plain) };
  for (const key of omit) delete data[key];
  return data;
}
