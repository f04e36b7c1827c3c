import type { Administration, Authority, BrandElement, BrandPurpose, GovernanceField, Ownership, Stage } from '../shared/terms';

/** Stream `school-{schoolId}`; schoolId is the 10-digit 学校标识码. */
export type SchoolRegistered = {
  type: 'SchoolRegistered';
  data: {
    schoolId: string;
    name: string;
    stages: Stage[];
    ownership: Ownership;
    administration: Administration;
    /** 6-digit administrative division code (行政区划代码) of the school's location. */
    districtCode: string;
    inChangsha: boolean;
    /** 中外合作办学 */
    sinoForeign: boolean;
  };
};
/** 优质学校 / 牵头学校 designation. */
export type SchoolDesignatedLead = { type: 'SchoolDesignatedLead'; data: { schoolId: string; documentNo: string } };
export type SchoolGovernanceChanged = {
  type: 'SchoolGovernanceChanged';
  data: { schoolId: string; field: GovernanceField; attributedToGroupId?: string; description?: string };
};
export type BranchCampusEstablished = {
  type: 'BranchCampusEstablished';
  data: { schoolId: string; branchName: string; establishedBy: Authority };
};
export type BrandUsageRecorded = {
  type: 'BrandUsageRecorded';
  data: { schoolId: string; brandOwnerSchoolId: string; elements: BrandElement[]; purpose: BrandPurpose };
};
export type BrandWithdrawn = {
  type: 'BrandWithdrawn';
  data: { schoolId: string; brandOwnerSchoolId: string; elements: BrandElement[] };
};

export type SchoolEvent =
  | SchoolRegistered
  | SchoolDesignatedLead
  | SchoolGovernanceChanged
  | BranchCampusEstablished
  | BrandUsageRecorded
  | BrandWithdrawn;
