import { DeciderSpecification } from '../testing/decider-specification';
import { cooperationDecider } from './cooperation.decider';

const C = 'c1';
const LEAD = '4301030002';
const PARTNER = '4303020001';
const CITY = { kind: 'CITY_BUREAU' };
const sha = (c: string) => c.repeat(64);
const proposed = { type: 'CooperationProposed', data: { cooperationId: C, groupId: 'g1', leadSchoolId: LEAD, partnerSchoolId: PARTNER, mode: 'ENTRUSTED_MANAGEMENT' }, occurredOn: '2021-03-01' };
const signed = { type: 'ContractSigned', data: { cooperationId: C, contract: { kind: 'CONTRACT', sha256: sha('c') }, termStart: '2021-04-01', termEnd: '2024-03-31' }, occurredOn: '2021-04-01' };
const admitted = { type: 'PartnerAdmitted', data: { cooperationId: C }, occurredOn: '2021-04-01', eventId: 'admission' };
const exited = { type: 'PartnerExited', data: { cooperationId: C, reason: 'EXPIRY' }, occurredOn: '2024-03-31', eventId: 'exit' };
const spec = DeciderSpecification.for(cooperationDecider);

/** Every command with its data and the event it records (approval and review: both decisions). */
const happy: Array<[string, Record<string, unknown>, string, Record<string, unknown>]> = [
  ['GrantNegotiationConsent', { cooperationId: C, authority: CITY, documentNo: '长教函〔2021〕3号' }, 'NegotiationConsentGranted', { cooperationId: C, authority: CITY, documentNo: '长教函〔2021〕3号' }],
  [
    'RecordApprovalDecision',
    { cooperationId: C, decision: 'GRANTED', authority: CITY, documentNo: '长教复〔2021〕5号', applicants: [{ schoolId: LEAD }, { authority: { kind: 'DISTRICT_GOVERNMENT', districtCode: '430104' } }] },
    'ApprovalGranted',
    { cooperationId: C, authority: CITY, documentNo: '长教复〔2021〕5号', applicants: [{ schoolId: LEAD }, { authority: { kind: 'DISTRICT_GOVERNMENT', districtCode: '430104' } }] },
  ],
  [
    'RecordApprovalDecision',
    { cooperationId: C, decision: 'DENIED', authority: { kind: 'CITY_GOVERNMENT' }, documentNo: '长政函〔2021〕1号', applicants: [{ schoolId: LEAD }], reason: '暂停审批' },
    'ApprovalDenied',
    { cooperationId: C, authority: { kind: 'CITY_GOVERNMENT' }, documentNo: '长政函〔2021〕1号', applicants: [{ schoolId: LEAD }], reason: '暂停审批' },
  ],
  ['SubmitContractDraft', { cooperationId: C, documents: [{ kind: 'CONTRACT_DRAFT', sha256: sha('d'), title: '合同草案' }] }, 'ContractDraftSubmitted', { cooperationId: C, documents: [{ kind: 'CONTRACT_DRAFT', sha256: sha('d'), title: '合同草案' }] }],
  ['ReviewContract', { cooperationId: C, decision: 'APPROVED', documentNo: '审〔2021〕2号', reason: 'ignored' }, 'ContractReviewApproved', { cooperationId: C, documentNo: '审〔2021〕2号' }],
  ['ReviewContract', { cooperationId: C, decision: 'REJECTED', documentNo: '审〔2021〕2号', reason: '缺少背景材料' }, 'ContractReviewRejected', { cooperationId: C, documentNo: '审〔2021〕2号', reason: '缺少背景材料' }],
  ['SignContract', signed.data, 'ContractSigned', signed.data],
  ['AdmitPartner', { cooperationId: C }, 'PartnerAdmitted', { cooperationId: C }],
  ['DispatchTeacher', { cooperationId: C, teacherId: 't-17', role: 'MANAGER', direction: 'LEAD_TO_PARTNER', until: '2022-07-31' }, 'TeacherDispatched', { cooperationId: C, teacherId: 't-17', role: 'MANAGER', direction: 'LEAD_TO_PARTNER', until: '2022-07-31' }],
  ['ChargeCooperationFee', { cooperationId: C, amountFen: 12_000_000 }, 'CooperationFeeCharged', { cooperationId: C, amountFen: 12_000_000 }],
  [
    'FileTerminationNotice',
    { cooperationId: C, recipients: [CITY, { kind: 'OTHER', name: '湘潭市雨湖区教育局' }], plan: { kind: 'TERMINATION_PLAN', sha256: sha('e') } },
    'TerminationNoticeFiled',
    { cooperationId: C, recipients: [CITY, { kind: 'OTHER', name: '湘潭市雨湖区教育局' }], plan: { kind: 'TERMINATION_PLAN', sha256: sha('e') } },
  ],
  ['RecordParentCommunication', { cooperationId: C, summary: '家长会' }, 'ParentCommunicationRecorded', { cooperationId: C, summary: '家长会' }],
  ['ExitPartner', { cooperationId: C, reason: 'EARLY' }, 'PartnerExited', { cooperationId: C, reason: 'EARLY' }],
];

describe('cooperation decider', () => {
  describe('when nothing was proposed', () => {
    it('proposes the cooperation', () => {
      spec.given([]).when({ type: 'ProposeCooperation', data: proposed.data }).then([{ type: proposed.type, data: proposed.data }]);
    });

    it('refuses a lead that is its own partner', () => {
      spec.given([]).when({ type: 'ProposeCooperation', data: { ...proposed.data, partnerSchoolId: LEAD } }).thenThrows('COOPERATION.LEAD_IS_PARTNER', 'UNPROCESSABLE');
    });

    it.each([...happy.map(([type, data]) => [type, data] as const), ['ExtendCooperation', { cooperationId: C, newTermEnd: '2027-03-31', documentNo: 'x' }] as const])(
      'refuses %s with COOPERATION.NOT_PROPOSED',
      (type, data) => {
        spec.given([]).when({ type, data }).thenThrows('COOPERATION.NOT_PROPOSED', 'CONFLICT');
      },
    );

    it('refuses an exception on a cooperation never proposed', () => {
      spec.given([]).when({ type: 'GrantException', data: { ruleId: 'R04', authority: CITY, documentNo: 'x', reason: 'y' } }).thenThrows('COOPERATION.NOT_PROPOSED');
    });
  });

  describe('when the cooperation is proposed', () => {
    it('refuses a second proposal', () => {
      spec.given([proposed]).when({ type: 'ProposeCooperation', data: proposed.data }).thenThrows('COOPERATION.ALREADY_PROPOSED', 'CONFLICT');
    });

    it.each(happy.map(([c, d, e, ed]) => [`${c} ${String(d.decision ?? '')}`.trim(), c, d, e, ed] as const))('%s records its event', (_name, type, data, event, eventData) => {
      spec.given([proposed]).when({ type, data }).then([{ type: event, data: eventData }]);
    });

    it('records a signature before any review and an admission without approval (policy breaches are recorded)', () => {
      spec.given([proposed, signed]).when({ type: 'AdmitPartner', data: { cooperationId: C } }).then([{ type: 'PartnerAdmitted', data: { cooperationId: C } }]);
    });

    it.each([
      ['RecordApprovalDecision', { cooperationId: C, decision: 'MAYBE', authority: CITY, documentNo: 'x', applicants: [{ schoolId: LEAD }] }],
      ['ReviewContract', { cooperationId: C, documentNo: 'x' }],
    ])('refuses %s without a known decision', (type, data) => {
      spec.given([proposed]).when({ type, data }).thenThrows('COMMAND.INVALID_DATA');
    });

    it('refuses a term that ends before it starts', () => {
      spec.given([proposed]).when({ type: 'SignContract', data: { ...signed.data, termEnd: '2021-03-31' } }).thenThrows('COOPERATION.TERM_END_BEFORE_START', 'UNPROCESSABLE');
    });

    it('refuses a term that ends the day it starts', () => {
      spec.given([proposed]).when({ type: 'SignContract', data: { ...signed.data, termEnd: signed.data.termStart } }).thenThrows('COOPERATION.TERM_END_BEFORE_START');
    });

    it('refuses a term end that is not a real day (Feb 30)', () => {
      spec.given([proposed]).when({ type: 'SignContract', data: { ...signed.data, termEnd: '2024-02-30' } }).thenThrows('COMMAND.INVALID_DATA');
    });

    it('refuses a negative fee and a fractional one', () => {
      spec.given([proposed]).when({ type: 'ChargeCooperationFee', data: { cooperationId: C, amountFen: -1 } }).thenThrows('COMMAND.INVALID_DATA');
      spec.given([proposed]).when({ type: 'ChargeCooperationFee', data: { cooperationId: C, amountFen: 10.5 } }).thenThrows('COMMAND.INVALID_DATA');
    });

    it('refuses an extension of a term never signed', () => {
      spec.given([proposed]).when({ type: 'ExtendCooperation', data: { cooperationId: C, newTermEnd: '2027-03-31', documentNo: 'x' } }).thenThrows('COOPERATION.NO_CONTRACT_TERM', 'CONFLICT');
    });

    it('refuses a command for another cooperation', () => {
      spec.given([proposed]).when({ type: 'AdmitPartner', data: { cooperationId: 'c2' } }).thenThrows('COMMAND.SUBJECT_MISMATCH');
    });
  });

  describe('when the partner is admitted under a signed term', () => {
    const given = [proposed, signed, admitted];

    it('refuses admitting it twice', () => {
      spec.given(given).when({ type: 'AdmitPartner', data: { cooperationId: C } }).thenThrows('COOPERATION.ALREADY_ADMITTED', 'CONFLICT');
    });

    it('extends the term to a later end', () => {
      const data = { cooperationId: C, newTermEnd: '2027-03-31', documentNo: '长教复〔2024〕1号' };
      spec.given(given).when({ type: 'ExtendCooperation', data, metadata: { occurredOn: '2023-09-01' } }).then([{ type: 'CooperationExtended', data }]);
    });

    it('refuses an extension that does not end later than the current term', () => {
      spec
        .given(given)
        .when({ type: 'ExtendCooperation', data: { cooperationId: C, newTermEnd: '2024-03-31', documentNo: 'x' } })
        .thenThrows('COOPERATION.EXTENSION_NOT_LATER', 'UNPROCESSABLE');
    });

    it('judges a second extension against the extended term', () => {
      const extended = { type: 'CooperationExtended', data: { cooperationId: C, newTermEnd: '2027-03-31', documentNo: 'x' } };
      spec.given([...given, extended]).when({ type: 'ExtendCooperation', data: { cooperationId: C, newTermEnd: '2026-03-31', documentNo: 'y' } }).thenThrows('COOPERATION.EXTENSION_NOT_LATER');
    });
  });

  describe('when the partner exited on 2024-03-31', () => {
    const given = [proposed, signed, admitted, exited];

    it('refuses an extension after the exit', () => {
      spec
        .given(given)
        .when({ type: 'ExtendCooperation', data: { cooperationId: C, newTermEnd: '2027-03-31', documentNo: 'x' }, metadata: { occurredOn: '2024-05-01' } })
        .thenThrows('COOPERATION.ALREADY_EXITED', 'CONFLICT');
    });

    it('records an extension dated before the exit (recorded late)', () => {
      const data = { cooperationId: C, newTermEnd: '2027-03-31', documentNo: 'x' };
      spec.given(given).when({ type: 'ExtendCooperation', data, metadata: { occurredOn: '2023-12-01' } }).then([{ type: 'CooperationExtended', data }]);
    });

    it('refuses exiting twice', () => {
      spec.given(given).when({ type: 'ExitPartner', data: { cooperationId: C, reason: 'EARLY' } }).thenThrows('COOPERATION.ALREADY_EXITED');
    });

    it('refuses admitting the partner again', () => {
      spec.given(given).when({ type: 'AdmitPartner', data: { cooperationId: C } }).thenThrows('COOPERATION.ALREADY_EXITED');
    });

    it.each([
      ['DispatchTeacher', { cooperationId: C, teacherId: 't-1', role: 'KEY_TEACHER', direction: 'LEAD_TO_PARTNER' }, 'TeacherDispatched'],
      ['ChargeCooperationFee', { cooperationId: C, amountFen: 500000 }, 'CooperationFeeCharged'],
      ['FileTerminationNotice', { cooperationId: C, recipients: [CITY], plan: { kind: 'TERMINATION_PLAN', sha256: sha('e') } }, 'TerminationNoticeFiled'],
    ])('records %s after the exit (R23/R19 judge it)', (type, data, event) => {
      spec.given(given).when({ type, data, metadata: { occurredOn: '2024-06-01' } }).then([{ type: event, data }]);
    });
  });

  describe('when the admission was retracted', () => {
    const retracted = [proposed, signed, admitted, { type: 'EventRetracted', data: { retractedEventId: 'admission', reason: '录入错误' } }];

    it('admits the partner again', () => {
      spec.given(retracted).when({ type: 'AdmitPartner', data: { cooperationId: C } }).then([{ type: 'PartnerAdmitted', data: { cooperationId: C } }]);
    });

    it('refuses retracting it twice', () => {
      spec.given(retracted).when({ type: 'RetractEvent', data: { retractedEventId: 'admission', reason: 'again' } }).thenThrows('EVENT.ALREADY_RETRACTED', 'CONFLICT');
    });
  });

  describe('when the exit was retracted', () => {
    it('exits again', () => {
      const given = [proposed, signed, admitted, exited, { type: 'EventRetracted', data: { retractedEventId: 'exit', reason: '误录' } }];
      spec.given(given).when({ type: 'ExitPartner', data: { cooperationId: C, reason: 'EXPIRY' } }).then([{ type: 'PartnerExited', data: { cooperationId: C, reason: 'EXPIRY' } }]);
    });
  });
});
