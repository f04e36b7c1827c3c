import type { IsoDay } from '../shared/terms';
import { DomainError } from '../shared/domain-error';
import { makeDecider, type AggregateState } from '../shared/decider';
import type { RecordedDomainEvent } from '../shared/envelope';
import type { SchoolCommand } from './school.commands';
import { SCHOOL_COMMAND_TYPES } from './school.commands';
import type { SchoolEvent, SchoolRegistered } from './school.events';

/** The facts the school decider needs; the read models keep the rest. */
export type SchoolAggregate =
  | { readonly status: 'UNREGISTERED' }
  | {
      readonly status: 'REGISTERED';
      readonly profile: SchoolRegistered['data'];
      readonly registeredOn: IsoDay;
      /** 优质学校 / 牵头学校 designation documents, in order. */
      readonly leadDesignations: readonly string[];
    };

export type SchoolState = AggregateState<SchoolAggregate>;

const notRegistered = (schoolId: string) =>
  DomainError.of('SCHOOL_NOT_REGISTERED', `学校未登记 / school ${schoolId} is not registered`, { schoolId });

function decide(command: SchoolCommand, school: SchoolAggregate): SchoolEvent[] {
  switch (command.type) {
    case 'RegisterSchool': {
      if (school.status === 'REGISTERED') {
        throw DomainError.of('SCHOOL_ALREADY_REGISTERED', `学校已登记 / school ${command.data.schoolId} is already registered`, {
          schoolId: command.data.schoolId,
        });
      }
      const d = command.data;
      const codeInChangsha = /^4301\d{2}$/.test(d.districtCode);
      if (d.inChangsha !== codeInChangsha || (d.administration === 'CITY_DIRECT' && !d.inChangsha)) {
        throw DomainError.of(
          'SCHOOL_LOCATION_INCONSISTENT',
          `学校位置前后矛盾 / inChangsha=${d.inChangsha}, districtCode ${d.districtCode} and administration ${d.administration} do not agree (Changsha codes start with 4301; a city-direct school is in Changsha)`,
          { inChangsha: d.inChangsha, districtCode: d.districtCode, administration: d.administration },
        );
      }
      return [{ type: 'SchoolRegistered', data: d }];
    }
    case 'DesignateLead':
      if (school.status !== 'REGISTERED') throw notRegistered(command.data.schoolId);
      return [{ type: 'SchoolDesignatedLead', data: command.data }];
    case 'RecordGovernanceChange':
      if (school.status !== 'REGISTERED') throw notRegistered(command.data.schoolId);
      return [{ type: 'SchoolGovernanceChanged', data: command.data }];
    case 'EstablishBranchCampus':
      if (school.status !== 'REGISTERED') throw notRegistered(command.data.schoolId);
      return [{ type: 'BranchCampusEstablished', data: command.data }];
    case 'RecordBrandUsage':
      if (school.status !== 'REGISTERED') throw notRegistered(command.data.schoolId);
      return [{ type: 'BrandUsageRecorded', data: command.data }];
    case 'WithdrawBrand':
      if (school.status !== 'REGISTERED') throw notRegistered(command.data.schoolId);
      return [{ type: 'BrandWithdrawn', data: command.data }];
    default: {
      const unknownCommand: never = command;
      throw DomainError.of('COMMAND_UNKNOWN', `未知命令 / unknown command ${(unknownCommand as { type: string }).type}`);
    }
  }
}

function evolve(school: SchoolAggregate, event: RecordedDomainEvent): SchoolAggregate {
  const e = event as RecordedDomainEvent<SchoolEvent>;
  switch (e.type) {
    case 'SchoolRegistered':
      return {
        status: 'REGISTERED',
        profile: e.data as SchoolRegistered['data'],
        registeredOn: e.metadata.occurredOn,
        leadDesignations: school.status === 'REGISTERED' ? school.leadDesignations : [],
      };
    case 'SchoolDesignatedLead':
      return school.status === 'REGISTERED'
        ? { ...school, leadDesignations: [...school.leadDesignations, (e.data as { documentNo: string }).documentNo] }
        : school;
    default:
      return school;
  }
}

/** Stream `school-{schoolId}`. */
export const schoolDecider = makeDecider<SchoolCommand, SchoolEvent, SchoolAggregate>({
  aggregate: 'school',
  commandTypes: SCHOOL_COMMAND_TYPES,
  initial: () => ({ status: 'UNREGISTERED' }),
  decide,
  evolve,
  subjectId: (s) => (s.status === 'REGISTERED' ? s.profile.schoolId : undefined),
  commandSubjectId: (c) => c.data.schoolId,
  assertExists: (s) => {
    if (s.status !== 'REGISTERED') throw DomainError.of('SCHOOL_NOT_REGISTERED', '学校未登记 / the school is not registered');
  },
});
