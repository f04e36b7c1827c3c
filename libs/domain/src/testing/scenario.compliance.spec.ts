import { evaluateCompliance } from '../compliance/compliance';
import { foldLedger } from '../views/ledger-view';
import { CITY_BUREAU, XIANGTAN_YUHU, YALI, CHANGJUN } from './changsha-schools';
import { scenario } from './scenario';

/**
 * The builder's by-the-book steps are compliant by the rule pack's reading, and the story of
 * issue 3 raises what it should: a cross-check between the scenario defaults and the rules.
 */
const P_DISTRICT = '4301040009';
const P_PRIVATE = '4301110007';

const byTheBook = () =>
  scenario()
    .school(YALI)
    .school(P_DISTRICT, { name: '长沙市岳麓区某中学', stages: ['JUNIOR'] })
    .school(P_PRIVATE, { name: '长沙市雨花区某民办中学', stages: ['JUNIOR', 'SENIOR'], ownership: 'PRIVATE' })
    .on('2021-03-01')
    .formsGroup(YALI)
    .adoptsCharter()
    .adoptsDevelopmentPlan()
    .cooperates(P_DISTRICT, { years: 3 })
    .cooperates(P_PRIVATE, { years: 3 })
    .on('2021-09-15')
    .inCooperation('c1')
    .dispatches({ role: 'KEY_TEACHER', direction: 'LEAD_TO_PARTNER' })
    .dispatches({ role: 'TEACHER', direction: 'PARTNER_TO_LEAD' })
    .inCooperation('c2')
    .dispatches({ role: 'MANAGER', direction: 'LEAD_TO_PARTNER' })
    .dispatches({ role: 'TEACHER', direction: 'PARTNER_TO_LEAD' });

describe('scenario defaults against the rule pack', () => {
  describe('when a city-direct lead cooperates by the book with a district public and a private school', () => {
    it('raises no violation and no warning in the first school year', () => {
      const findings = evaluateCompliance(foldLedger(byTheBook().events()), { asOf: '2022-06-30' }).filter((f) => f.severity !== 'advisory');
      expect(findings.map((f) => `${f.ruleId} ${f.subject.type} ${f.subject.id}`)).toEqual([]);
    });
  });

  describe("when Yali entrusts a private primary school outside Changsha, gets only the city bureau's approval and signs before the review", () => {
    it('raises the suspended entrustment, the missing approval and the unreviewed signature', () => {
      const P1 = '4303020001';
      const s = scenario()
        .school(YALI)
        .school(CHANGJUN)
        .school(P1, { name: '湘潭市雨湖区某民办小学', ownership: 'PRIVATE', stages: ['PRIMARY'], districtCode: XIANGTAN_YUHU })
        .on('2021-03-01')
        .formsGroup(YALI)
        .proposes(P1, { mode: 'ENTRUSTED_MANAGEMENT' })
        .consent()
        .approval(CITY_BUREAU)
        .submitsDraft()
        .on('2021-04-01')
        .signs({ years: 3 })
        .admits();
      const rules = new Set(
        evaluateCompliance(foldLedger(s.events()), { asOf: '2021-06-01' })
          .filter((f) => f.subject.type === 'cooperation' && f.status === 'OPEN')
          .map((f) => f.ruleId),
      );
      expect([...rules].filter((r) => ['R02', 'R03', 'R06'].includes(r)).sort()).toEqual(['R02', 'R03', 'R06']);
    });
  });
});
