import type { IsoDay } from '../shared/terms';
import { POLICY_RULES } from './all-rules';
import type { DataRuleSpec } from './data-rules';
import { compileDataRule } from './data-rules';
import type { Rule, RuleParameters } from './rule';
import { DEFAULT_PARAMETERS, POLICY_EFFECTIVE_FROM } from './rule';

/** What a district may change for subjects led by its schools (§4.1). */
export interface DistrictOverride {
  readonly parameters?: Partial<RuleParameters>;
  /** Rule ids switched off for the district (a district rule replacing a city one). */
  readonly disabledRules?: readonly string[];
  /** Extra rules of the district. */
  readonly rules?: readonly Rule[];
}

/** A rule pack is versioned data: the rules, their parameters and the district overrides. */
export interface RulePack {
  readonly version: string;
  readonly effectiveFrom: IsoDay;
  readonly parameters: RuleParameters;
  readonly rules: readonly Rule[];
  readonly districtOverrides: Readonly<Record<string, DistrictOverride>>;
}

export function defaultRulePack(): RulePack {
  return { version: '2021.1', effectiveFrom: POLICY_EFFECTIVE_FROM, parameters: DEFAULT_PARAMETERS, rules: POLICY_RULES, districtOverrides: {} };
}

/** The JSON a deployment writes to configure a pack. */
export interface RulePackConfig {
  readonly version: string;
  readonly effectiveFrom?: IsoDay;
  readonly parameters?: Partial<RuleParameters>;
  /** Rule ids of POLICY_RULES to leave out (default: none). */
  readonly disabledRules?: readonly string[];
  readonly districtOverrides?: Readonly<
    Record<string, { parameters?: Partial<RuleParameters>; disabledRules?: readonly string[]; rules?: readonly DataRuleSpec[] }>
  >;
}

const PARAMETER_KEYS = new Set(Object.keys(DEFAULT_PARAMETERS).concat('districtLeadApprovals'));

function checkParameters(where: string, p: Record<string, unknown> | undefined): void {
  for (const k of Object.keys(p ?? {})) {
    if (!PARAMETER_KEYS.has(k)) throw new Error(`rule pack ${where}: unknown parameter "${k}"`);
    const v = (p as Record<string, unknown>)[k];
    const d = (DEFAULT_PARAMETERS as unknown as Record<string, unknown>)[k];
    if (d !== undefined && typeof v !== typeof d) throw new Error(`rule pack ${where}: parameter "${k}" must be a ${typeof d}`);
  }
}

/** Build a pack from configuration (checked: unknown parameters and rule ids are refused). */
export function rulePackFromConfig(json: unknown): RulePack {
  const config = (typeof json === 'string' ? JSON.parse(json) : json) as RulePackConfig;
  if (!config || typeof config.version !== 'string') throw new Error('rule pack: "version" is required');
  checkParameters('parameters', config.parameters as Record<string, unknown>);
  const known = new Set(POLICY_RULES.map((r) => r.id));
  for (const id of config.disabledRules ?? []) if (!known.has(id)) throw new Error(`rule pack: unknown rule "${id}"`);
  const districtOverrides: Record<string, DistrictOverride> = {};
  for (const [code, o] of Object.entries(config.districtOverrides ?? {})) {
    if (!/^\d{6}$/.test(code)) throw new Error(`rule pack: district code "${code}" is not 6 digits`);
    checkParameters(`district ${code}`, o.parameters as Record<string, unknown>);
    districtOverrides[code] = { parameters: o.parameters, disabledRules: o.disabledRules, rules: (o.rules ?? []).map(compileDataRule) };
  }
  const disabled = new Set(config.disabledRules ?? []);
  return {
    version: config.version,
    effectiveFrom: config.effectiveFrom ?? POLICY_EFFECTIVE_FROM,
    parameters: { ...DEFAULT_PARAMETERS, ...(config.parameters ?? {}) },
    rules: POLICY_RULES.filter((r) => !disabled.has(r.id)),
    districtOverrides,
  };
}

/** Packs over time: the pack in force at a day is the last one whose effectiveFrom ≤ day. */
export interface RulePackHistory {
  readonly packs: readonly RulePack[];
}

export function rulePackHistory(...packs: RulePack[]): RulePackHistory {
  return { packs: [...packs].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0)) };
}

export function packInForce(history: RulePackHistory, day: IsoDay): RulePack | undefined {
  let found: RulePack | undefined;
  for (const p of history.packs) if (p.effectiveFrom <= day) found = p;
  return found;
}
