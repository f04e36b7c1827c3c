import type { History, SchoolSpec } from './history';

/** Ids used across rule specs. */
export const LEAD = '4300000001';
export const PARTNER = '4300000002';
export const OTHER = '4300000003';

/** A city-direct public middle school (JUNIOR+SENIOR) in 天心区 and a district public junior school in 岳麓区. */
export function leadAndPartner(h: History, lead: SchoolSpec = {}, partner: SchoolSpec = {}): void {
  h.school(LEAD, { name: '长沙市某中学', administration: 'CITY_DIRECT', districtCode: '430103', stages: ['JUNIOR', 'SENIOR'], ...lead });
  h.school(PARTNER, { name: '岳麓区某学校', administration: 'DISTRICT', districtCode: '430104', stages: ['JUNIOR'], ...partner });
  h.group('G1', LEAD, '2020-06-01');
}
