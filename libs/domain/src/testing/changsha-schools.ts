import type { SchoolRegistered } from '../school/school.events';
import type { Authority, DocumentRef } from '../shared/terms';

/**
 * Well-known Changsha schools for specs and demo data. The names are real; the 10-digit ids
 * (学校标识码) are made up but well formed: 4301 + district digits + a serial.
 */
export type SchoolProfile = SchoolRegistered['data'];

/** 长郡中学 (天心区, 市直, 完全中学) */
export const CHANGJUN = '4301030001';
/** 雅礼中学 (天心区, 市直, 完全中学) */
export const YALI = '4301030002';
/** 长沙市一中 (开福区, 市直, 完全中学) */
export const CHANGSHA_NO1 = '4301050001';
/** 湖南师大附中 (岳麓区, 市直, 完全中学) */
export const HNSD_FUZHONG = '4301040001';
/** 周南中学 (开福区, 市直, 完全中学) */
export const ZHOUNAN = '4301050002';
/** 长沙市明德中学 (芙蓉区, 市直, 完全中学) */
export const MINGDE = '4301020001';
/** 长沙市实验小学 (天心区, 市直, 小学) */
export const SHIYAN_PRIMARY = '4301030003';
/** 长沙市岳麓区博才小学 (岳麓区, 区属, 小学) */
export const BOCAI_PRIMARY = '4301040002';

const cityDirect = (schoolId: string, name: string, districtCode: string, stages: SchoolProfile['stages'] = ['JUNIOR', 'SENIOR']): SchoolProfile => ({
  schoolId,
  name,
  stages,
  ownership: 'PUBLIC',
  administration: 'CITY_DIRECT',
  districtCode,
  inChangsha: true,
  sinoForeign: false,
});

export const WELL_KNOWN_SCHOOLS: Readonly<Record<string, SchoolProfile>> = {
  [CHANGJUN]: cityDirect(CHANGJUN, '长郡中学', '430103'),
  [YALI]: cityDirect(YALI, '雅礼中学', '430103'),
  [CHANGSHA_NO1]: cityDirect(CHANGSHA_NO1, '长沙市一中', '430105'),
  [HNSD_FUZHONG]: cityDirect(HNSD_FUZHONG, '湖南师大附中', '430104'),
  [ZHOUNAN]: cityDirect(ZHOUNAN, '周南中学', '430105'),
  [MINGDE]: cityDirect(MINGDE, '长沙市明德中学', '430102'),
  [SHIYAN_PRIMARY]: cityDirect(SHIYAN_PRIMARY, '长沙市实验小学', '430103', ['PRIMARY']),
  [BOCAI_PRIMARY]: { ...cityDirect(BOCAI_PRIMARY, '长沙市岳麓区博才小学', '430104', ['PRIMARY']), administration: 'DISTRICT' },
};

/** 湘潭市雨湖区: a division outside Changsha. */
export const XIANGTAN_YUHU = '430302';

// ---- authorities ----
export const CITY_BUREAU: Authority = { kind: 'CITY_BUREAU' };
export const CITY_GOVERNMENT: Authority = { kind: 'CITY_GOVERNMENT' };
export const districtBureau = (districtCode: string): Authority => ({ kind: 'DISTRICT_BUREAU', districtCode });
export const districtGovernment = (districtCode: string): Authority => ({ kind: 'DISTRICT_GOVERNMENT', districtCode });
export const otherAuthority = (name: string): Authority => ({ kind: 'OTHER', name });

/** The education authority a school answers to: the city bureau for city-direct schools, else its district's (or, outside Changsha, its local) bureau. */
export function educationAuthorityOf(school: SchoolProfile): Authority {
  if (school.administration === 'CITY_DIRECT') return CITY_BUREAU;
  return school.inChangsha ? districtBureau(school.districtCode) : otherAuthority(`${school.districtCode} 教育局`);
}

// ---- documents (the ledger keeps digests) ----

/** A well-formed document reference whose digest is derived from a number (not a real hash). */
export const doc = (kind: DocumentRef['kind'], n = 1, title?: string): DocumentRef => ({
  kind,
  sha256: n.toString(16).padStart(64, '0'),
  ...(title !== undefined ? { title } : {}),
});

/** R03's six documents of a contract draft. */
export const CONTRACT_DRAFT_KINDS = ['OFFICIAL_LETTER', 'CONTRACT_DRAFT', 'SIGNING_BASIS', 'APPROVAL_DOCUMENT', 'EXPLANATION', 'BACKGROUND'] as const;
