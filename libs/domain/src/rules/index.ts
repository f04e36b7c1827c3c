export * from './rule';
export * from './rule-pack';
export * from './data-rules';
export * from './all-rules';
export * from './term-segments';
export { requiredApprovals, approvalsHeld } from './r02-approval-authority.rule';
export type { ApprovalCase, RequiredApprovals } from './r02-approval-authority.rule';
export { CONTRACT_DRAFT_DOCUMENTS, missingDraftDocuments } from './r03-contract-review.rule';
export { ownAuthority, isLocalAuthorityOf, noticeCompleteOn } from './r19-expiry-notice.rule';
