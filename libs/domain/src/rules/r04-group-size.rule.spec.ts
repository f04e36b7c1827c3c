import { r04GroupSize as rule } from './r04-group-size.rule';
import { history } from './testing/history';
import { LEAD } from './testing/fixtures';
import { judgeRule, schoolRef } from './testing/judge';

/** A lead with n partners admitted on 2021-03-01, 2021-03-02, … */
function leadWith(n: number) {
  const h = history();
  h.school(LEAD, { administration: 'CITY_DIRECT', districtCode: '430103' });
  h.group('G1', LEAD, '2020-06-01');
  h.group('G2', LEAD, '2020-06-01');
  for (let i = 1; i <= n; i++) {
    const partner = `43100000${String(i).padStart(2, '0')}`;
    h.school(partner, { districtCode: '430104' });
    h.propose(`C${i}`, i % 2 ? 'G1' : 'G2', LEAD, partner, '2021-02-01');
    h.admit(`C${i}`, `2021-03-${String(i).padStart(2, '0')}`);
  }
  return h;
}

describe('R04 GROUP_SIZE', () => {
  describe('given a lead with its 10th active partner across two groups', () => {
    it('then it is within “about 10”', () => expect(judgeRule(rule, leadWith(10).view(), schoolRef(LEAD), '2021-12-31')).toEqual([]));
  });

  describe('given the 11th partner admitted', () => {
    it('then it is a warning from the 11th admission', () => {
      const h = leadWith(11);
      const [f] = judgeRule(rule, h.view(), schoolRef(LEAD), '2021-12-31');
      expect(f).toMatchObject({ ruleId: 'R04', severity: 'warning', since: '2021-03-11', status: 'OPEN' });
      expect(f.message.en).toContain('more than 10');
    });
    it('then one partner exiting resolves it', () => {
      const h = leadWith(11);
      h.exit('C3', '2021-06-01');
      expect(judgeRule(rule, h.view(), schoolRef(LEAD), '2021-12-31')).toMatchObject([{ status: 'RESOLVED', resolvedOn: '2021-06-01' }]);
    });
    it('then a configured limit of 12 tolerates it', () => expect(judgeRule(rule, leadWith(11).view(), schoolRef(LEAD), '2021-12-31', { maxPartnersPerLead: 12 })).toEqual([]));
  });
});
