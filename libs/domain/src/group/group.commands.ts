import type { Command } from '../shared/command';
import type {
  CharterAdopted,
  DevelopmentPlanAdopted,
  DirectPromotionPlanPublished,
  GroupDissolved,
  GroupEvaluated,
  GroupFormed,
  JointExamHeld,
} from './group.events';

/** Command data = the event's data (the group id included). Stream: `group-{groupId}`. */
export type FormGroup = Command<'FormGroup', GroupFormed['data']>;
export type AdoptCharter = Command<'AdoptCharter', CharterAdopted['data']>;
export type AdoptDevelopmentPlan = Command<'AdoptDevelopmentPlan', DevelopmentPlanAdopted['data']>;
export type HoldJointExam = Command<'HoldJointExam', JointExamHeld['data']>;
export type PublishDirectPromotionPlan = Command<'PublishDirectPromotionPlan', DirectPromotionPlanPublished['data']>;
export type EvaluateGroup = Command<'EvaluateGroup', GroupEvaluated['data']>;
export type DissolveGroup = Command<'DissolveGroup', GroupDissolved['data']>;

export type GroupCommand =
  | FormGroup
  | AdoptCharter
  | AdoptDevelopmentPlan
  | HoldJointExam
  | PublishDirectPromotionPlan
  | EvaluateGroup
  | DissolveGroup;

export const GROUP_COMMAND_TYPES = [
  'FormGroup',
  'AdoptCharter',
  'AdoptDevelopmentPlan',
  'HoldJointExam',
  'PublishDirectPromotionPlan',
  'EvaluateGroup',
  'DissolveGroup',
] as const satisfies readonly GroupCommand['type'][];
