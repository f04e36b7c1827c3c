import { history } from '../rules/testing/history';
import { CITY_BUREAU, districtBureau, doc } from '../rules/testing/history';
import { LEAD, OTHER, PARTNER, leadAndPartner } from '../rules/testing/fixtures';
import { defaultRulePack, rulePackFromConfig, rulePackHistory } from '../rules/rule-pack';
import { applyEvent, emptyLedgerView } from '../views/ledger-view';
import { leadFootprintAt } from '../views/states';
import { deadlinesAt, evaluateCompliance, evaluateSubject, findingsChangedBy } from './compliance';

function leadWithPartners(n: number, from = 1) {
  const h = history();
  h.school(LEAD, { name: '长沙市某中学', administration: 'CITY_DIRECT', districtCode: '430103' });
  h.group('G1', LEAD, '2020-06-01');
  h.groupEvent('G1', 'CharterAdopted', { document: doc('CHARTER') }, '2020-07-01');
  h.groupEvent('G1', 'DevelopmentPlanAdopted', { document: doc('DEVELOPMENT_PLAN') }, '2020-07-01');
  for (let i = from; i < from + n; i++) {
    const id = `43100000${String(i).padStart(2, '0')}`;
    h.school(id, { districtCode: `4301${String(i).padStart(2, '0')}` });
    h.cooperate(`C${i}`, 'G1', LEAD, id, `2021-03-${String(i).padStart(2, '0')}`, { termEnd: '2027-03-31' });
  }
  return h;
}

describe('city-wide compliance', () => {
  it('is deterministic and sorted by subject, rule and day', () => {
    const h = leadWithPartners(11);
    const view = h.view();
    const a = evaluateCompliance(view, { asOf: '2021-12-31' });
    const b = evaluateCompliance(view, { asOf: '2021-12-31' });
    expect(a).toEqual(b);
    expect(a.map((f) => f.ruleId)).toContain('R04');
    const keys = a.map((f) => `${f.subject.type}:${f.subject.id}:${f.ruleId}`);
    expect([...keys].sort((x, y) => (x.startsWith('school') && !y.startsWith('school') ? -1 : 0))).toEqual(keys);
  });

  it('judges nothing that happened only before 2021-01-01', () => {
    const h = history();
    leadAndPartner(h, { name: '长沙市雅礼中学' }, { stages: ['PRIMARY'], inChangsha: false });
    h.propose('C1', 'G1', LEAD, PARTNER, '2020-10-01', 'PAIRED_ASSISTANCE');
    h.admit('C1', '2020-12-31');
    h.exit('C1', '2020-12-31');
    expect(evaluateCompliance(h.view(), { asOf: '2022-01-01' }).filter((f) => f.subject.type === 'cooperation')).toEqual([]);
  });

  it('shows a group with its cooperations’ findings', () => {
    const h = history();
    leadAndPartner(h);
    h.propose('C1', 'G1', LEAD, PARTNER, '2021-02-01');
    h.admit('C1', '2021-03-01');
    const ids = evaluateSubject(h.view(), { type: 'group', id: 'G1' }, { asOf: '2021-12-31' }).map((f) => `${f.subject.type}:${f.ruleId}`);
    expect(ids).toEqual(expect.arrayContaining(['group:R15', 'cooperation:R02', 'cooperation:R03']));
    expect(evaluateSubject(h.view(), { type: 'group', id: 'G1' }, { asOf: '2021-12-31', related: false }).every((f) => f.subject.type === 'group')).toBe(true);
  });
});

describe('exceptions', () => {
  it('turn a warning into EXCEPTED until their end date, and never touch a violation', () => {
    const h = leadWithPartners(11);
    // an 11th partner in the same district as the first → R10 too
    h.school(OTHER, { districtCode: '430101' });
    h.cooperate('CX', 'G1', LEAD, OTHER, '2021-05-01');
    const r04 = h.record('school', LEAD, 'ExceptionGranted', { ruleId: 'R04', authority: CITY_BUREAU, documentNo: '例1', reason: '名校扩容试点', until: '2022-12-31' }, '2021-06-01');
    h.record('school', LEAD, 'ExceptionGranted', { ruleId: 'R10', authority: CITY_BUREAU, documentNo: '例2', reason: '不适用' }, '2021-06-01');
    const view = h.view();
    const at = (asOf: string) => evaluateSubject(view, { type: 'school', id: LEAD }, { asOf });
    expect(at('2021-05-15').find((f) => f.ruleId === 'R04')?.status).toBe('OPEN');
    expect(at('2022-01-01').find((f) => f.ruleId === 'R04')).toMatchObject({ status: 'EXCEPTED', exceptionEventId: r04 });
    expect(at('2023-01-01').find((f) => f.ruleId === 'R04')?.status).toBe('OPEN');
    expect(at('2022-01-01').find((f) => f.ruleId === 'R10')?.status).toBe('OPEN');
    // The city-wide evaluation (one pack: its own judging loop, ADR 0107) applies them the same way.
    for (const asOf of ['2021-05-15', '2022-01-01', '2023-01-01']) {
      expect(evaluateCompliance(view, { asOf }).filter((f) => f.subject.type === 'school' && f.subject.id === LEAD)).toEqual(at(asOf));
    }
    expect(evaluateCompliance(view, { asOf: '2022-01-01' }).find((f) => f.ruleId === 'R04')).toMatchObject({ status: 'EXCEPTED', exceptionEventId: r04 });
  });
});

describe('rule packs', () => {
  it('judge each breach with the pack in force on the day it began', () => {
    const h = history();
    leadAndPartner(h);
    for (const d of ['2022-03-01', '2022-06-01', '2023-03-01', '2023-06-01']) h.groupEvent('G1', 'JointExamHeld', { participants: [LEAD] }, d);
    const lenient = rulePackFromConfig({ version: '2023.1', effectiveFrom: '2023-01-01', parameters: { maxJointExamsPerYear: 2 } });
    const packs = rulePackHistory(defaultRulePack(), lenient);
    const r13 = evaluateCompliance(h.view(), { asOf: '2023-12-31', packs }).filter((f) => f.ruleId === 'R13');
    expect(r13.map((f) => f.since)).toEqual(['2022-06-01']);
  });

  it('refuse unknown parameters from configuration', () => {
    expect(() => rulePackFromConfig({ version: 'x', parameters: { maxPartnersPerLeed: 3 } })).toThrow(/unknown parameter "maxPartnersPerLeed"/);
    expect(() => rulePackFromConfig({ version: 'x', parameters: { maxPartnersPerLead: '3' } })).toThrow(/must be a number/);
  });

  it('take a district rule as data, without code changes (R02 authority for 开福区)', () => {
    const h = history();
    leadAndPartner(h, { administration: 'DISTRICT', districtCode: '430105' });
    h.propose('C1', 'G1', LEAD, PARTNER, '2021-02-01');
    h.approve('C1', districtBureau('430105'), '2021-03-01');
    h.admit('C1', '2021-04-01');
    const pack = rulePackFromConfig({
      version: '2021.1-430105',
      districtOverrides: {
        '430105': {
          parameters: { districtLeadApprovals: [{ kind: 'DISTRICT_BUREAU', districtCode: '430105' }, { kind: 'DISTRICT_GOVERNMENT', districtCode: '430105' }] },
          rules: [{ kind: 'MAX_ACTIVE_PARTNERS', id: 'D430105-01', clause: '开福区细则 第三条 每所优质学校合作学校不超过 0 所', severity: 'warning', max: 0 }],
        },
      },
    });
    const ids = (packs?: typeof pack) => evaluateCompliance(h.view(), { asOf: '2021-12-31', packs }).map((f) => f.ruleId);
    expect(ids()).not.toContain('R02');
    expect(ids(pack)).toEqual(expect.arrayContaining(['R02', 'D430105-01']));
  });
});

describe('findings an event opened or closed', () => {
  it('the 11th admission opens R04 and an exit closes it', () => {
    const h = leadWithPartners(11);
    const exit = h.exit('C2', '2021-06-01');
    let view = emptyLedgerView();
    const changes: Record<string, ReturnType<typeof findingsChangedBy>> = {};
    for (const e of h.events) {
      view = applyEvent(view, e);
      if (e.type === 'PartnerAdmitted' || e.eventId === exit) changes[e.eventId] = findingsChangedBy(view, e, { asOf: '2021-12-31' });
    }
    const eleventh = h.events.filter((e) => e.type === 'PartnerAdmitted')[10].eventId;
    expect(changes[eleventh].opened.map((f) => f.ruleId)).toEqual(['R04']);
    expect(changes[exit].closed.map((f) => f.ruleId)).toEqual(['R04']);
    expect(changes[exit].closed[0].status).toBe('RESOLVED');
  });
});

describe('deadlines and footprints', () => {
  it('lists terms ending, notices due or overdue and brand withdrawals pending', () => {
    const h = leadWithPartners(2);
    h.school(OTHER, { ownership: 'PRIVATE', districtCode: '430121' });
    h.cooperate('CP', 'G1', LEAD, OTHER, '2021-03-01');
    h.schoolEvent(OTHER, 'BrandUsageRecorded', { brandOwnerSchoolId: LEAD, elements: ['NAME'], purpose: 'GENERAL' }, '2021-04-01');
    h.exit('CP', '2026-08-01');
    const items = deadlinesAt(h.view(), '2026-10-15', 12);
    expect(items.map((d) => `${d.cooperationId}:${d.kind}:${d.dueOn}`)).toEqual([
      'C1:NOTICE_OVERDUE:2026-09-30',
      'C2:NOTICE_OVERDUE:2026-09-30',
      'CP:BRAND_WITHDRAWAL_PENDING:2026-10-30',
      'C1:TERM_ENDING:2027-03-31',
      'C2:TERM_ENDING:2027-03-31',
    ]);
  });

  it('counts a lead’s active partners per district and stage against the limits', () => {
    const h = leadWithPartners(2);
    const f = leadFootprintAt(h.view(), LEAD, '2021-12-31');
    expect(f.activePartners).toHaveLength(2);
    expect(f.perDistrict).toEqual({ '430101': 1, '430102': 1 });
    expect(f.perStage).toEqual({ JUNIOR: 2, SENIOR: 2 });
    expect(f.overPartnerLimit).toBe(false);
  });
});
