import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, inForce, push } from './rule';

const FIELD_ZH: Record<string, string> = { LEGAL_REPRESENTATIVE: '法人代表', FUNDING_MECHANISM: '拨款机制', ADMINISTRATIVE_SYSTEM: '学校体制' };

/** R12: while a cooperation is active, the group changes nothing of the partner's governance. */
export const r12GovernanceUnchanged: Rule = {
  id: 'R12',
  name: 'GOVERNANCE_UNCHANGED',
  clause: '§3.3 坚持学校现行体制不变、法人代表不变、拨款机制不变的原则',
  severity: 'violation',
  subjectType: 'cooperation',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '合作期间，合作学校的{fieldZh}于 {on} 因集团化办学而改变',
    en: 'During the cooperation the partner’s {fieldEn} was changed by the group on {on}',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || !p.c.admission) return NO_FINDINGS;
    const { c } = p;
    const changes = p.partner.governanceChanges;
    const out: Finding[] = [];
    for (let i = 0; i < changes.length; i++) {
      const g = changes[i];
      if (g.attributedToGroupId !== c.groupId || !inForce(this, g.on)) continue;
      if (g.on < c.admission!.on || (c.endedOn && g.on >= c.endedOn)) continue;
      push(
        out,
        breach(this, ctx, {
          since: g.on,
          evidence: [g.eventId, c.admission!.eventId],
          vars: { on: g.on, fieldZh: FIELD_ZH[g.field] ?? g.field, fieldEn: g.field.toLowerCase().replace(/_/g, ' ') },
        }),
      );
    }
    return out;
  },
};
