import type { Rule } from './rule';
import { r01NegotiationConsent } from './r01-negotiation-consent.rule';
import { r02ApprovalAuthority } from './r02-approval-authority.rule';
import { r03ContractReview } from './r03-contract-review.rule';
import { r04GroupSize } from './r04-group-size.rule';
import { r05SameStage } from './r05-same-stage.rule';
import { r06SuspendedOutsideCityEntrustment } from './r06-suspended-outside-city-entrustment.rule';
import { r07SuspendedPrivateCompulsoryEntrustment } from './r07-suspended-private-compulsory-entrustment.rule';
import { r08SuspendedCrossStage } from './r08-suspended-cross-stage.rule';
import { r09MiddleSchoolPrimaryExit } from './r09-middle-school-primary-exit.rule';
import { r10OnePartnerPerDistrict } from './r10-one-partner-per-district.rule';
import { r11NoDistrictBranches } from './r11-no-district-branches.rule';
import { r12GovernanceUnchanged } from './r12-governance-unchanged.rule';
import { r13JointExamLimit } from './r13-joint-exam-limit.rule';
import { r14TwoWayExchange } from './r14-two-way-exchange.rule';
import { r15Charter } from './r15-charter.rule';
import { r16NoDirectPromotion } from './r16-no-direct-promotion.rule';
import { r17TermLimit } from './r17-term-limit.rule';
import { r18ExtensionLimit } from './r18-extension-limit.rule';
import { r19ExpiryNotice } from './r19-expiry-notice.rule';
import { r20NoOverrun } from './r20-no-overrun.rule';
import { r21SpinOffExit } from './r21-spin-off-exit.rule';
import { r22SpinOffBrand } from './r22-spin-off-brand.rule';
import { r23NoSupportAfterExit } from './r23-no-support-after-exit.rule';
import { r24BrandAfterExit } from './r24-brand-after-exit.rule';
import { r25BrandWithdrawal } from './r25-brand-withdrawal.rule';
import { r26ParentCommunication } from './r26-parent-communication.rule';

/** The 26 rules of POLICY.md, in id order. Adding a rule means a file and a line here. */
export const POLICY_RULES: readonly Rule[] = [
  r01NegotiationConsent,
  r02ApprovalAuthority,
  r03ContractReview,
  r04GroupSize,
  r05SameStage,
  r06SuspendedOutsideCityEntrustment,
  r07SuspendedPrivateCompulsoryEntrustment,
  r08SuspendedCrossStage,
  r09MiddleSchoolPrimaryExit,
  r10OnePartnerPerDistrict,
  r11NoDistrictBranches,
  r12GovernanceUnchanged,
  r13JointExamLimit,
  r14TwoWayExchange,
  r15Charter,
  r16NoDirectPromotion,
  r17TermLimit,
  r18ExtensionLimit,
  r19ExpiryNotice,
  r20NoOverrun,
  r21SpinOffExit,
  r22SpinOffBrand,
  r23NoSupportAfterExit,
  r24BrandAfterExit,
  r25BrandWithdrawal,
  r26ParentCommunication,
];
