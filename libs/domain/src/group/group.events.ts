import type { DocumentRef } from '../shared/terms';

/** Stream `group-{groupId}`. */
export type GroupFormed = {
  type: 'GroupFormed';
  data: { groupId: string; name: string; leadSchoolId: string; spunOffFrom?: { groupId: string; leadSchoolId: string } };
};
/** 集团化办学章程 */
export type CharterAdopted = { type: 'CharterAdopted'; data: { groupId: string; document: DocumentRef } };
/** 长远发展规划 */
export type DevelopmentPlanAdopted = { type: 'DevelopmentPlanAdopted'; data: { groupId: string; document: DocumentRef } };
/** 统一联合考试 */
export type JointExamHeld = { type: 'JointExamHeld'; data: { groupId: string; participants: string[]; title?: string } };
/** 对口直升生计划 */
export type DirectPromotionPlanPublished = {
  type: 'DirectPromotionPlanPublished';
  data: { groupId: string; enrolmentYear: number; quota: number };
};
/** §4.2 evaluation: five scores 0–100. */
export type GroupEvaluated = {
  type: 'GroupEvaluated';
  data: {
    groupId: string;
    period: string;
    scores: {
      schoolDevelopment: number;
      teacherDevelopment: number;
      studentDevelopment: number;
      socialRecognition: number;
      developmentPotential: number;
    };
    evaluator: string;
    report: DocumentRef;
  };
};
export type GroupDissolved = { type: 'GroupDissolved'; data: { groupId: string; reason?: string } };

export type GroupEvent =
  | GroupFormed
  | CharterAdopted
  | DevelopmentPlanAdopted
  | JointExamHeld
  | DirectPromotionPlanPublished
  | GroupEvaluated
  | GroupDissolved;
