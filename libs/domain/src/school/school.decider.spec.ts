import { DeciderSpecification } from '../testing/decider-specification';
import { schoolDecider } from './school.decider';
import type { SchoolRegistered } from './school.events';

const S = '4301040009';
const registered: SchoolRegistered = {
  type: 'SchoolRegistered',
  data: { schoolId: S, name: '长沙市岳麓区某小学', stages: ['PRIMARY'], ownership: 'PUBLIC', administration: 'DISTRICT', districtCode: '430104', inChangsha: true, sinoForeign: false },
};
const spec = DeciderSpecification.for(schoolDecider);

describe('school decider', () => {
  describe('when the school is not registered', () => {
    it('registers it', () => {
      spec.given([]).when({ type: 'RegisterSchool', data: registered.data }).then([registered]);
    });

    it('registers a school outside Changsha with its own division code', () => {
      const outside = { ...registered.data, districtCode: '430302', inChangsha: false };
      spec.given([]).when({ type: 'RegisterSchool', data: outside }).then([{ type: 'SchoolRegistered', data: outside }]);
    });

    it('refuses a school said to be in Changsha with a division code outside it', () => {
      spec.given([]).when({ type: 'RegisterSchool', data: { ...registered.data, districtCode: '430302' } }).thenThrows('SCHOOL.LOCATION_INCONSISTENT', 'UNPROCESSABLE');
    });

    it('refuses a city-direct school outside Changsha', () => {
      spec
        .given([])
        .when({ type: 'RegisterSchool', data: { ...registered.data, administration: 'CITY_DIRECT', districtCode: '430302', inChangsha: false } })
        .thenThrows('SCHOOL.LOCATION_INCONSISTENT');
    });

    it('refuses malformed data (a 9-digit id) with the bad field named', () => {
      const err = spec.given([]).when({ type: 'RegisterSchool', data: { ...registered.data, schoolId: '430104000' } }).thenThrows('COMMAND.INVALID_DATA', 'UNPROCESSABLE');
      expect(err.message).toContain('data.schoolId');
    });

    it.each([
      ['DesignateLead', { schoolId: S, documentNo: '长教通〔2021〕1号' }],
      ['RecordGovernanceChange', { schoolId: S, field: 'LEGAL_REPRESENTATIVE' }],
      ['EstablishBranchCampus', { schoolId: S, branchName: '分校', establishedBy: { kind: 'DISTRICT_BUREAU', districtCode: '430104' } }],
      ['RecordBrandUsage', { schoolId: S, brandOwnerSchoolId: '4301030002', elements: ['NAME'], purpose: 'GENERAL' }],
      ['WithdrawBrand', { schoolId: S, brandOwnerSchoolId: '4301030002', elements: ['NAME'] }],
    ])('refuses %s with SCHOOL.NOT_REGISTERED', (type, data) => {
      spec.given([]).when({ type, data }).thenThrows('SCHOOL.NOT_REGISTERED', 'NOT_FOUND');
    });

    it('refuses an exception for an unregistered school', () => {
      spec
        .given([])
        .when({ type: 'GrantException', data: { ruleId: 'R05', authority: { kind: 'CITY_BUREAU' }, documentNo: 'x', reason: 'y' } })
        .thenThrows('SCHOOL.NOT_REGISTERED');
    });
  });

  describe('when the school is registered', () => {
    it('refuses a second registration', () => {
      spec.given([registered]).when({ type: 'RegisterSchool', data: registered.data }).thenThrows('SCHOOL.ALREADY_REGISTERED', 'CONFLICT');
    });

    it.each([
      ['DesignateLead', 'SchoolDesignatedLead', { schoolId: S, documentNo: '长教通〔2021〕1号' }],
      ['RecordGovernanceChange', 'SchoolGovernanceChanged', { schoolId: S, field: 'FUNDING_MECHANISM', attributedToGroupId: 'g1', description: '拨款改由集团统筹' }],
      ['EstablishBranchCampus', 'BranchCampusEstablished', { schoolId: S, branchName: '某小学梅溪湖分校', establishedBy: { kind: 'DISTRICT_BUREAU', districtCode: '430104' } }],
      ['RecordBrandUsage', 'BrandUsageRecorded', { schoolId: S, brandOwnerSchoolId: '4301030002', elements: ['NAME', 'UNIFORM'], purpose: 'TEACHER_RECRUITMENT' }],
      ['WithdrawBrand', 'BrandWithdrawn', { schoolId: S, brandOwnerSchoolId: '4301030002', elements: ['NAME', 'UNIFORM'] }],
    ])('%s records %s (policy breaches such as a district branch campus included)', (command, event, data) => {
      spec.given([registered]).when({ type: command, data }).then([{ type: event, data }]);
    });

    it('refuses a command naming another school than the stream', () => {
      spec.given([registered]).when({ type: 'DesignateLead', data: { schoolId: '4301040001', documentNo: 'x' } }).thenThrows('COMMAND.SUBJECT_MISMATCH');
    });

    it('refuses a group command', () => {
      spec.given([registered]).when({ type: 'DissolveGroup', data: { groupId: 'g1' } }).thenThrows('COMMAND.NOT_FOR_AGGREGATE');
    });
  });

  describe('when the registration was retracted', () => {
    it('registers the school again', () => {
      spec
        .given([{ ...registered, eventId: 'r1' }, { type: 'EventRetracted', data: { retractedEventId: 'r1', reason: '重复登记' } }])
        .when({ type: 'RegisterSchool', data: registered.data })
        .then([registered]);
    });
  });
});
