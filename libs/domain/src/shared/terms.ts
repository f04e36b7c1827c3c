/**
 * The policy's vocabulary (POLICY.md, "Vocabulary"). Enums are string literal unions so that
 * stored events stay readable; the `*_VALUES` arrays drive runtime checks and DTO validation.
 */

/** 学段 */
export const STAGES = ['KINDERGARTEN', 'PRIMARY', 'JUNIOR', 'SENIOR'] as const;
export type Stage = (typeof STAGES)[number];

/** 公办 / 民办 */
export const OWNERSHIPS = ['PUBLIC', 'PRIVATE'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

/** 市直学校 / 区县（市）属学校 */
export const ADMINISTRATIONS = ['CITY_DIRECT', 'DISTRICT'] as const;
export type Administration = (typeof ADMINISTRATIONS)[number];

/** 合作办学模式: 委托管理 对口帮扶 捆绑发展 多校协同 区域组团 同学段联盟 校联体 */
export const COOPERATION_MODES = [
  'ENTRUSTED_MANAGEMENT',
  'PAIRED_ASSISTANCE',
  'BUNDLED_DEVELOPMENT',
  'MULTI_SCHOOL',
  'REGIONAL_CLUSTER',
  'SAME_STAGE_ALLIANCE',
  'SCHOOL_UNION',
] as const;
export type CooperationMode = (typeof COOPERATION_MODES)[number];

/** 品牌冠名、图案、校服及文化标识 */
export const BRAND_ELEMENTS = ['NAME', 'EMBLEM', 'UNIFORM', 'CULTURAL_IDENTIFIER'] as const;
export type BrandElement = (typeof BRAND_ELEMENTS)[number];

export const BRAND_PURPOSES = ['GENERAL', 'TEACHER_RECRUITMENT'] as const;
export type BrandPurpose = (typeof BRAND_PURPOSES)[number];

export const AUTHORITY_KINDS = ['CITY_BUREAU', 'CITY_GOVERNMENT', 'DISTRICT_BUREAU', 'DISTRICT_GOVERNMENT', 'OTHER'] as const;
export type AuthorityKind = (typeof AUTHORITY_KINDS)[number];

/** 市教育局 / 市人民政府 / 区县（市）教育局(code) / 区县（市）人民政府(code) / other (e.g. outside Changsha) */
export interface Authority {
  readonly kind: AuthorityKind;
  /** Required for DISTRICT_BUREAU and DISTRICT_GOVERNMENT. */
  readonly districtCode?: string;
  /** Required for OTHER. */
  readonly name?: string;
}

export const GOVERNANCE_FIELDS = ['LEGAL_REPRESENTATIVE', 'FUNDING_MECHANISM', 'ADMINISTRATIVE_SYSTEM'] as const;
export type GovernanceField = (typeof GOVERNANCE_FIELDS)[number];

export const TEACHER_ROLES = ['MANAGER', 'KEY_TEACHER', 'TEACHER'] as const;
export type TeacherRole = (typeof TEACHER_ROLES)[number];

export const DISPATCH_DIRECTIONS = ['LEAD_TO_PARTNER', 'PARTNER_TO_LEAD'] as const;
export type DispatchDirection = (typeof DISPATCH_DIRECTIONS)[number];

export const EXIT_REASONS = ['EXPIRY', 'EARLY', 'SPIN_OFF', 'POLICY'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

/** The six documents of a contract draft (R03) plus the other kinds the ledger references. */
export const DOCUMENT_KINDS = [
  'OFFICIAL_LETTER',
  'CONTRACT_DRAFT',
  'SIGNING_BASIS',
  'APPROVAL_DOCUMENT',
  'EXPLANATION',
  'BACKGROUND',
  'CONTRACT',
  'CHARTER',
  'DEVELOPMENT_PLAN',
  'EVALUATION_REPORT',
  'TERMINATION_PLAN',
  'OTHER',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The ledger keeps digests, not files. */
export interface DocumentRef {
  readonly kind: DocumentKind;
  /** Lower-case hex SHA-256 of the document's bytes. */
  readonly sha256: string;
  readonly title?: string;
}

export const ROLES = ['admin', 'recorder', 'supervisor', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who recorded an event. `jurisdiction` is 'city' or a 6-digit district code (recorders). */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  readonly jurisdiction?: string;
}

/** Changsha's county-level divisions (行政区划代码). */
export const CHANGSHA_DISTRICTS: Readonly<Record<string, { zh: string; en: string }>> = {
  '430102': { zh: '芙蓉区', en: 'Furong District' },
  '430103': { zh: '天心区', en: 'Tianxin District' },
  '430104': { zh: '岳麓区', en: 'Yuelu District' },
  '430105': { zh: '开福区', en: 'Kaifu District' },
  '430111': { zh: '雨花区', en: 'Yuhua District' },
  '430112': { zh: '望城区', en: 'Wangcheng District' },
  '430121': { zh: '长沙县', en: 'Changsha County' },
  '430181': { zh: '浏阳市', en: 'Liuyang City' },
  '430182': { zh: '宁乡市', en: 'Ningxiang City' },
};

/** An ISO calendar day, `YYYY-MM-DD` (valid time). */
export type IsoDay = string;
/** An ISO 8601 instant with `Z`, e.g. `2024-01-10T08:00:00.000Z` (transaction time). */
export type IsoInstant = string;

export type SubjectType = 'school' | 'group' | 'cooperation';
export interface SubjectRef {
  readonly type: SubjectType;
  readonly id: string;
}
