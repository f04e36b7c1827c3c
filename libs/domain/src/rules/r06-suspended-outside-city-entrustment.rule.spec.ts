import type { CooperationMode } from '../shared/terms';
import { r06SuspendedOutsideCityEntrustment as rule } from './r06-suspended-outside-city-entrustment.rule';
import { CITY_BUREAU, history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(on: string, opts: { inChangsha?: boolean; mode?: CooperationMode } = {}) {
  const h = history();
  leadAndPartner(h, {}, { inChangsha: opts.inChangsha ?? false, districtCode: '430302' });
  h.propose('C1', 'G1', LEAD, PARTNER, '2020-11-01', opts.mode ?? 'ENTRUSTED_MANAGEMENT');
  h.approve('C1', CITY_BUREAU, on);
  h.admit('C1', on);
  return judgeRule(rule, h.view(), coopRef('C1'), '2021-06-01');
}

describe('R06 SUSPENDED_OUTSIDE_CITY_ENTRUSTMENT', () => {
  describe('given entrusted management of a 湘潭 school approved and admitted on 2021-01-01', () => {
    it('then it is a violation from that day', () => expect(given('2021-01-01')).toMatchObject([{ severity: 'violation', since: '2021-01-01', status: 'OPEN' }]));
  });
  describe('given the same approved and admitted on 2020-12-31', () => {
    it('then it predates the suspension and is judged by no rule', () => expect(given('2020-12-31')).toEqual([]));
  });
  describe('given paired assistance (not entrustment) with the outside school', () => {
    it('then nothing is found', () => expect(given('2021-03-01', { mode: 'PAIRED_ASSISTANCE' })).toEqual([]));
  });
  describe('given entrusted management of a school in Changsha', () => {
    it('then nothing is found', () => expect(given('2021-03-01', { inChangsha: true })).toEqual([]));
  });
});
