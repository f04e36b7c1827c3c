import { makeDecider, type AggregateState } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type { RecordedDomainEvent } from '../shared/envelope';
import type { IsoDay } from '../shared/terms';
import type { GroupCommand } from './group.commands';
import { GROUP_COMMAND_TYPES } from './group.commands';
import type { GroupEvent, GroupFormed } from './group.events';

/** The facts the group decider needs. */
export type GroupAggregate =
  | { readonly status: 'NONE' }
  | { readonly status: 'FORMED'; readonly formation: GroupFormed['data']; readonly formedOn: IsoDay }
  | { readonly status: 'DISSOLVED'; readonly formation: GroupFormed['data']; readonly formedOn: IsoDay; readonly dissolvedOn: IsoDay };

export type GroupState = AggregateState<GroupAggregate>;

const notFound = (groupId: string) => DomainError.of('GROUP_NOT_FOUND', `教育集团不存在 / group ${groupId} has not been formed`, { groupId });

/**
 * A dissolved group holds no exam, adopts no charter and publishes no plan after the day it was
 * dissolved; a fact dated on or before that day is still true (recorded late) and is accepted.
 */
function assertActiveOn(group: GroupAggregate, groupId: string, occurredOn: IsoDay): void {
  if (group.status === 'NONE') throw notFound(groupId);
  if (group.status === 'DISSOLVED' && occurredOn > group.dissolvedOn) {
    throw DomainError.of('GROUP_DISSOLVED', `教育集团已于 ${group.dissolvedOn} 解散 / group ${groupId} was dissolved on ${group.dissolvedOn}`, {
      groupId,
      dissolvedOn: group.dissolvedOn,
      occurredOn,
    });
  }
}

function decide(command: GroupCommand, group: GroupAggregate): GroupEvent[] {
  const { occurredOn } = command.metadata;
  switch (command.type) {
    case 'FormGroup':
      if (group.status !== 'NONE') {
        throw DomainError.of('GROUP_ALREADY_FORMED', `教育集团已组建 / group ${command.data.groupId} is already formed`, { groupId: command.data.groupId });
      }
      return [{ type: 'GroupFormed', data: command.data }];
    case 'AdoptCharter':
      assertActiveOn(group, command.data.groupId, occurredOn);
      return [{ type: 'CharterAdopted', data: command.data }];
    case 'AdoptDevelopmentPlan':
      assertActiveOn(group, command.data.groupId, occurredOn);
      return [{ type: 'DevelopmentPlanAdopted', data: command.data }];
    case 'HoldJointExam':
      // A second exam in a year is a policy breach (R13): recorded, judged by the rules.
      assertActiveOn(group, command.data.groupId, occurredOn);
      return [{ type: 'JointExamHeld', data: command.data }];
    case 'PublishDirectPromotionPlan':
      // Forbidden from 2021 (R16) and recorded all the same.
      assertActiveOn(group, command.data.groupId, occurredOn);
      return [{ type: 'DirectPromotionPlanPublished', data: command.data }];
    case 'EvaluateGroup':
      // A dissolved group may still be evaluated for the period it existed.
      if (group.status === 'NONE') throw notFound(command.data.groupId);
      return [{ type: 'GroupEvaluated', data: command.data }];
    case 'DissolveGroup':
      if (group.status === 'NONE') throw notFound(command.data.groupId);
      if (group.status === 'DISSOLVED') {
        throw DomainError.of('GROUP_DISSOLVED', `教育集团已于 ${group.dissolvedOn} 解散 / group ${command.data.groupId} was already dissolved on ${group.dissolvedOn}`, {
          groupId: command.data.groupId,
          dissolvedOn: group.dissolvedOn,
        });
      }
      return [{ type: 'GroupDissolved', data: command.data }];
    default: {
      const unknownCommand: never = command;
      throw DomainError.of('COMMAND_UNKNOWN', `未知命令 / unknown command ${(unknownCommand as { type: string }).type}`);
    }
  }
}

function evolve(group: GroupAggregate, event: RecordedDomainEvent): GroupAggregate {
  const e = event as RecordedDomainEvent<GroupEvent>;
  switch (e.type) {
    case 'GroupFormed':
      return group.status === 'DISSOLVED'
        ? { ...group, formation: e.data as GroupFormed['data'], formedOn: e.metadata.occurredOn }
        : { status: 'FORMED', formation: e.data as GroupFormed['data'], formedOn: e.metadata.occurredOn };
    case 'GroupDissolved':
      return group.status === 'FORMED' ? { ...group, status: 'DISSOLVED', dissolvedOn: e.metadata.occurredOn } : group;
    default:
      return group;
  }
}

/** Stream `group-{groupId}`. */
export const groupDecider = makeDecider<GroupCommand, GroupEvent, GroupAggregate>({
  aggregate: 'group',
  commandTypes: GROUP_COMMAND_TYPES,
  initial: () => ({ status: 'NONE' }),
  decide,
  evolve,
  subjectId: (g) => (g.status === 'NONE' ? undefined : g.formation.groupId),
  commandSubjectId: (c) => c.data.groupId,
  assertExists: (g) => {
    if (g.status === 'NONE') throw DomainError.of('GROUP_NOT_FOUND', '教育集团不存在 / the group has not been formed');
  },
});
