import type { CommonCommand } from './common/common.commands';
import { COMMON_COMMAND_TYPES } from './common/common.commands';
import type { CooperationCommand } from './cooperation/cooperation.commands';
import { COOPERATION_COMMAND_TYPES } from './cooperation/cooperation.commands';
import { cooperationDecider } from './cooperation/cooperation.decider';
import type { GroupCommand } from './group/group.commands';
import { GROUP_COMMAND_TYPES } from './group/group.commands';
import { groupDecider } from './group/group.decider';
import type { SchoolCommand } from './school/school.commands';
import { SCHOOL_COMMAND_TYPES } from './school/school.commands';
import { schoolDecider } from './school/school.decider';
import type { Decider } from './shared/decider';
import { DomainError } from './shared/domain-error';
import { parseStreamId, streamIds } from './shared/envelope';
import type { SubjectType } from './shared/terms';

/** Every command the ledger accepts. */
export type LedgerCommand = SchoolCommand | GroupCommand | CooperationCommand | CommonCommand;
export type LedgerCommandType = LedgerCommand['type'];

/** Which aggregate handles a command type; `any` for GrantException and RetractEvent (the caller picks the stream). */
export const COMMAND_AGGREGATE: { readonly [K in LedgerCommandType]: SubjectType | 'any' } = {
  ...(Object.fromEntries(SCHOOL_COMMAND_TYPES.map((t) => [t, 'school'])) as Record<SchoolCommand['type'], 'school'>),
  ...(Object.fromEntries(GROUP_COMMAND_TYPES.map((t) => [t, 'group'])) as Record<GroupCommand['type'], 'group'>),
  ...(Object.fromEntries(COOPERATION_COMMAND_TYPES.map((t) => [t, 'cooperation'])) as Record<CooperationCommand['type'], 'cooperation'>),
  ...(Object.fromEntries(COMMON_COMMAND_TYPES.map((t) => [t, 'any'])) as Record<CommonCommand['type'], 'any'>),
};

export const LEDGER_COMMAND_TYPES = Object.keys(COMMAND_AGGREGATE) as readonly LedgerCommandType[];

export function isLedgerCommandType(type: unknown): type is LedgerCommandType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(COMMAND_AGGREGATE, type);
}

/** A decider as the API sees it when dispatching generically. */
export type AnyDecider = Decider<LedgerCommand, { type: string; data: unknown }, unknown>;

export const DECIDERS = {
  school: schoolDecider,
  group: groupDecider,
  cooperation: cooperationDecider,
} as const;

/** The decider of a subject type (`'cooperation'`) or of a stream (`'cooperation-c-0001'`). */
export function deciderFor(streamIdOrSubjectType: string): AnyDecider {
  const type = (streamIdOrSubjectType in DECIDERS ? streamIdOrSubjectType : parseStreamId(streamIdOrSubjectType)?.type) as SubjectType | undefined;
  if (type === undefined) throw new RangeError(`No decider for "${streamIdOrSubjectType}": expected school, group, cooperation or a stream id such as cooperation-<id>`);
  return DECIDERS[type] as unknown as AnyDecider;
}

/**
 * The stream a command is appended to, from its data (schoolId, groupId, cooperationId);
 * undefined for GrantException and RetractEvent, whose stream the caller chooses.
 */
export function streamIdForCommand(command: { type: string; data: unknown }): string | undefined {
  if (!isLedgerCommandType(command.type)) {
    throw DomainError.of('COMMAND_UNKNOWN', `未知命令 / unknown command ${command.type}`, { commandType: command.type });
  }
  const aggregate = COMMAND_AGGREGATE[command.type];
  const d = (command.data ?? {}) as Record<string, unknown>;
  switch (aggregate) {
    case 'school':
      return typeof d.schoolId === 'string' ? streamIds.school(d.schoolId) : undefined;
    case 'group':
      return typeof d.groupId === 'string' ? streamIds.group(d.groupId) : undefined;
    case 'cooperation':
      return typeof d.cooperationId === 'string' ? streamIds.cooperation(d.cooperationId) : undefined;
    default:
      return undefined;
  }
}
