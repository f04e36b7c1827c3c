import type { Command } from '../shared/command';
import type {
  BranchCampusEstablished,
  BrandUsageRecorded,
  BrandWithdrawn,
  SchoolDesignatedLead,
  SchoolGovernanceChanged,
  SchoolRegistered,
} from './school.events';

/** Command data = the event's data (the school id included). Stream: `school-{schoolId}`. */
export type RegisterSchool = Command<'RegisterSchool', SchoolRegistered['data']>;
export type DesignateLead = Command<'DesignateLead', SchoolDesignatedLead['data']>;
export type RecordGovernanceChange = Command<'RecordGovernanceChange', SchoolGovernanceChanged['data']>;
export type EstablishBranchCampus = Command<'EstablishBranchCampus', BranchCampusEstablished['data']>;
export type RecordBrandUsage = Command<'RecordBrandUsage', BrandUsageRecorded['data']>;
export type WithdrawBrand = Command<'WithdrawBrand', BrandWithdrawn['data']>;

export type SchoolCommand = RegisterSchool | DesignateLead | RecordGovernanceChange | EstablishBranchCampus | RecordBrandUsage | WithdrawBrand;

export const SCHOOL_COMMAND_TYPES = [
  'RegisterSchool',
  'DesignateLead',
  'RecordGovernanceChange',
  'EstablishBranchCampus',
  'RecordBrandUsage',
  'WithdrawBrand',
] as const satisfies readonly SchoolCommand['type'][];
