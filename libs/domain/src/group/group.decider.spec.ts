import { DeciderSpecification } from '../testing/decider-specification';
import { groupDecider } from './group.decider';

const G = 'g1';
const formed = { type: 'GroupFormed', data: { groupId: G, name: '雅礼教育集团', leadSchoolId: '4301030002' }, occurredOn: '2021-03-01' };
const dissolved = { type: 'GroupDissolved', data: { groupId: G, reason: '合作期满' }, occurredOn: '2024-06-30' };
const document = { kind: 'CHARTER' as const, sha256: 'a'.repeat(64) };
const scores = { schoolDevelopment: 90, teacherDevelopment: 85.5, studentDevelopment: 88, socialRecognition: 92, developmentPotential: 80 };
const spec = DeciderSpecification.for(groupDecider);

const commands: Array<[string, string, Record<string, unknown>]> = [
  ['AdoptCharter', 'CharterAdopted', { groupId: G, document }],
  ['AdoptDevelopmentPlan', 'DevelopmentPlanAdopted', { groupId: G, document: { ...document, kind: 'DEVELOPMENT_PLAN' } }],
  ['HoldJointExam', 'JointExamHeld', { groupId: G, participants: ['4301030002', '4301040009'], title: '期末联考' }],
  ['PublishDirectPromotionPlan', 'DirectPromotionPlanPublished', { groupId: G, enrolmentYear: 2022, quota: 40 }],
  ['EvaluateGroup', 'GroupEvaluated', { groupId: G, period: '2021-2023', scores, evaluator: '市督导组', report: { ...document, kind: 'EVALUATION_REPORT' } }],
  ['DissolveGroup', 'GroupDissolved', { groupId: G }],
];

describe('group decider', () => {
  describe('when no group was formed', () => {
    it('forms it, spun off from another group', () => {
      const data = { groupId: G, name: '新集团', leadSchoolId: '4301040009', spunOffFrom: { groupId: 'g0', leadSchoolId: '4301030002' } };
      spec.given([]).when({ type: 'FormGroup', data }).then([{ type: 'GroupFormed', data }]);
    });

    it.each(commands)('refuses %s with GROUP.NOT_FOUND', (type, _event, data) => {
      spec.given([]).when({ type, data }).thenThrows('GROUP.NOT_FOUND', 'NOT_FOUND');
    });
  });

  describe('when the group is formed', () => {
    it('refuses forming it again', () => {
      spec.given([formed]).when({ type: 'FormGroup', data: formed.data }).thenThrows('GROUP.ALREADY_FORMED', 'CONFLICT');
    });

    it.each(commands)('%s records %s', (type, event, data) => {
      spec.given([formed]).when({ type, data, metadata: { occurredOn: '2022-03-01' } }).then([{ type: event, data }]);
    });

    it('records a second joint exam in the same year (R13 judges it)', () => {
      const exam = { type: 'JointExamHeld', data: { groupId: G, participants: ['4301030002'] }, occurredOn: '2022-01-10' };
      spec.given([formed, exam]).when({ type: 'HoldJointExam', data: exam.data, metadata: { occurredOn: '2022-06-10' } }).then([exam].map(({ type, data }) => ({ type, data })));
    });

    it('refuses a score above 100', () => {
      const [, , data] = commands[4];
      spec.given([formed]).when({ type: 'EvaluateGroup', data: { ...data, scores: { ...scores, socialRecognition: 101 } } }).thenThrows('COMMAND.INVALID_DATA');
    });
  });

  describe('when the group was dissolved on 2024-06-30', () => {
    it.each(commands.slice(0, 4))('refuses %s dated after the dissolution', (type, _event, data) => {
      spec.given([formed, dissolved]).when({ type, data, metadata: { occurredOn: '2024-07-01' } }).thenThrows('GROUP.DISSOLVED', 'CONFLICT');
    });

    it.each(commands.slice(0, 4))('records %s dated on or before the dissolution (recorded late)', (type, event, data) => {
      spec.given([formed, dissolved]).when({ type, data, metadata: { occurredOn: '2024-06-30', now: '2024-09-01T02:00:00.000Z' } }).then([{ type: event, data }]);
    });

    it('still records an evaluation of the period it existed', () => {
      const [type, event, data] = commands[4];
      spec.given([formed, dissolved]).when({ type, data, metadata: { occurredOn: '2024-12-01' } }).then([{ type: event, data }]);
    });

    it('refuses dissolving it twice', () => {
      spec.given([formed, dissolved]).when({ type: 'DissolveGroup', data: { groupId: G } }).thenThrows('GROUP.DISSOLVED');
    });

    it('grants an exception all the same', () => {
      const data = { ruleId: 'R13', authority: { kind: 'CITY_BUREAU' }, documentNo: '长教函〔2024〕9号', reason: '中考模拟', until: '2024-12-31' };
      spec.given([formed, dissolved]).when({ type: 'GrantException', data, metadata: { occurredOn: '2024-08-01' } }).then([{ type: 'ExceptionGranted', data }]);
    });
  });

  describe('when the dissolution was retracted', () => {
    it('holds exams again', () => {
      const [type, event, data] = commands[2];
      spec
        .given([formed, { ...dissolved, eventId: 'd1' }, { type: 'EventRetracted', data: { retractedEventId: 'd1', reason: '误录' } }])
        .when({ type, data, metadata: { occurredOn: '2024-09-01' } })
        .then([{ type: event, data }]);
    });
  });
});
