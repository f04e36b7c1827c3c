/**
 * Chinese first (zh-CN), English beside it (ADR 0061). One flat dictionary per language; the
 * chosen language is kept in localStorage so a projector stays in the language it was set to.
 */
export type Lang = 'zh' | 'en';
type Entry = { zh: string; en: string };

const UI = {
  appTitle: { zh: '集团化办学监管看板', en: 'Education-group supervision' },
  appSubtitle: { zh: '长教通〔2020〕97号 · 事件账本', en: 'Changsha 2020/97 · event ledger' },
  switchLang: { zh: 'English', en: '中文' },
  signIn: { zh: '登录', en: 'Sign in' },
  signOut: { zh: '退出', en: 'Sign out' },
  signInTitle: { zh: '使用令牌登录', en: 'Sign in with a token' },
  signInHelp: {
    zh: '粘贴管理员签发的令牌，或打开服务首次启动时打印的 #token= 链接。令牌只保存在本标签页中。',
    en: 'Paste a token issued to you, or open the #token= link the server printed at first start. The token stays in this tab only.',
  },
  tokenLabel: { zh: '令牌（JWT）', en: 'Token (JWT)' },
  tokenInvalid: { zh: '这不是有效的令牌。', en: 'This is not a valid token.' },
  tokenExpired: { zh: '令牌已过期，请重新登录。', en: 'The token has expired; please sign in again.' },
  tokenRejected: {
    zh: '服务拒绝了该令牌，请重新登录。',
    en: 'The server refused the token; please sign in again.',
  },
  role: { zh: '角色', en: 'Role' },
  projector: { zh: '投影模式', en: 'Projector' },
  navOverview: { zh: '全市概览', en: 'City overview' },
  navGroups: { zh: '教育集团', en: 'Groups' },
  navFindings: { zh: '合规发现', en: 'Findings' },
  navLeads: { zh: '牵头学校', en: 'Lead schools' },
  navDeadlines: { zh: '期限', en: 'Deadlines' },
  navAudit: { zh: '审计', en: 'Audit' },
  loading: { zh: '加载中…', en: 'Loading…' },
  error: { zh: '出错了', en: 'Something went wrong' },
  forbidden: { zh: '当前角色无权查看此页面。', en: 'Your role may not see this page.' },
  notFound: { zh: '找不到该对象。', en: 'Not found.' },
  noData: { zh: '暂无数据', en: 'No data' },
  retry: { zh: '重试', en: 'Retry' },
  groups: { zh: '教育集团', en: 'Groups' },
  cooperations: { zh: '合作办学', en: 'Cooperations' },
  leadSchools: { zh: '牵头学校', en: 'Lead schools' },
  schools: { zh: '学校', en: 'Schools' },
  partners: { zh: '合作学校', en: 'Partners' },
  openViolations: { zh: '未整改违规', en: 'Open violations' },
  openWarnings: { zh: '未处理警示', en: 'Open warnings' },
  openAdvisories: { zh: '建议事项', en: 'Advisories' },
  liveEvents: { zh: '本次会话新事件', en: 'New events this session' },
  liveFindings: { zh: '合规变化', en: 'Finding changes' },
  lastEvent: { zh: '最新事件', en: 'Latest event' },
  live: { zh: '实时', en: 'Live' },
  offline: { zh: '连接中断', en: 'Disconnected' },
  connecting: { zh: '连接中', en: 'Connecting' },
  findingsByRule: { zh: '按规则统计的发现', en: 'Findings by rule' },
  findingsByDistrict: { zh: '按区县统计的发现', en: 'Findings by district' },
  urgentDeadlines: { zh: '最紧迫的期限', en: 'Most urgent deadlines' },
  asOfLabel: { zh: '截至', en: 'As of' },
  knownAtLabel: { zh: '已知于', en: 'Known at' },
  knownAtNow: { zh: '当前所知', en: 'As known now' },
  position: { zh: '位置', en: 'Position' },
  severity: { zh: '严重程度', en: 'Severity' },
  rule: { zh: '规则', en: 'Rule' },
  district: { zh: '区县', en: 'District' },
  status: { zh: '状态', en: 'Status' },
  subject: { zh: '对象', en: 'Subject' },
  clause: { zh: '条款', en: 'Clause' },
  message: { zh: '说明', en: 'Message' },
  since: { zh: '起始', en: 'Since' },
  evidence: { zh: '依据事件', en: 'Evidence' },
  resolvedOn: { zh: '整改于', en: 'Resolved on' },
  all: { zh: '全部', en: 'All' },
  total: { zh: '共 {n} 条', en: '{n} in total' },
  loadMore: { zh: '加载更多', en: 'Load more' },
  resetFilters: { zh: '清除筛选', en: 'Clear filters' },
  name: { zh: '名称', en: 'Name' },
  lead: { zh: '牵头学校', en: 'Lead school' },
  partner: { zh: '合作学校', en: 'Partner' },
  mode: { zh: '合作模式', en: 'Mode' },
  term: { zh: '合作期限', en: 'Term' },
  termEnd: { zh: '期满', en: 'Term ends' },
  approvals: { zh: '审批', en: 'Approvals' },
  documents: { zh: '文件（摘要）', en: 'Documents (digests)' },
  members: { zh: '成员', en: 'Members' },
  evaluations: { zh: '评估得分', en: 'Evaluation scores' },
  findings: { zh: '合规发现', en: 'Findings' },
  history: { zh: '完整历史', en: 'Full history' },
  historyCut: { zh: '仅显示最早的 {shown} 条，共 {total} 条', en: 'Showing the first {shown} of {total}' },
  noFindings: { zh: '无合规问题', en: 'No findings' },
  actor: { zh: '操作人', en: 'Actor' },
  occurredOn: { zh: '生效日', en: 'Took effect' },
  recordedAt: { zh: '记录时间', en: 'Recorded at' },
  retracted: { zh: '已撤回', en: 'Retracted' },
  afterAsOf: { zh: '晚于所选日期', en: 'after the chosen day' },
  notYetKnown: { zh: '当时尚未记录', en: 'not yet recorded then' },
  opened: { zh: '引发', en: 'opened' },
  closed: { zh: '消除', en: 'closed' },
  timeTravel: { zh: '时间回溯', en: 'Time travel' },
  today: { zh: '今天', en: 'Today' },
  state: { zh: '状态详情', en: 'State' },
  revision: { zh: '版本', en: 'Revision' },
  formedOn: { zh: '成立日', en: 'Formed on' },
  group: { zh: '教育集团', en: 'Group' },
  cooperation: { zh: '合作办学', en: 'Cooperation' },
  school: { zh: '学校', en: 'School' },
  leadLookup: { zh: '输入牵头学校标识码', en: 'Lead school id' },
  show: { zh: '查看', en: 'Show' },
  footprint: { zh: '合作学校分布', en: 'Partner footprint' },
  perDistrict: { zh: '各区县合作学校（上限 {n}，R10）', en: 'Partners per district (limit {n}, R10)' },
  perStage: { zh: '各学段合作学校', en: 'Partners per stage' },
  totalPartners: { zh: '在册合作学校（上限约 {n}，R04）', en: 'Active partners (about {n} at most, R04)' },
  overLimit: { zh: '超出上限', en: 'over the limit' },
  withinLimit: { zh: '未超上限', en: 'within the limit' },
  deadlinesTitle: { zh: '未来 24 个月的期限', en: 'Deadlines over the next 24 months' },
  kind: { zh: '类型', en: 'Kind' },
  due: { zh: '到期日', en: 'Due' },
  daysLeft: { zh: '剩余天数', en: 'Days left' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  checkpoint: { zh: '最新签名检查点', en: 'Latest signed checkpoint' },
  noCheckpoint: {
    zh: '尚无签名检查点；证明将对照服务给出的根哈希核验（未签名）。',
    en: 'No signed checkpoint yet; proofs are checked against the root the server gives (unsigned).',
  },
  treeSize: { zh: '树大小', en: 'Tree size' },
  rootHash: { zh: '根哈希', en: 'Root hash' },
  signature: { zh: '签名', en: 'Signature' },
  keyId: { zh: '密钥', en: 'Key' },
  signedAt: { zh: '签名时间', en: 'Signed at' },
  verifyTitle: { zh: '核验一个事件', en: 'Verify an event' },
  verifyHelp: {
    zh: '输入事件的全局位置，浏览器会取回包含证明，并用 WebCrypto SHA-256 按 RFC 6962 重新计算根哈希。',
    en: 'Enter an event’s global position: the browser fetches its inclusion proof and recomputes the root with WebCrypto SHA-256 (RFC 6962).',
  },
  verifyButton: { zh: '核验此事件', en: 'Verify this event' },
  verifyOk: {
    zh: '通过：该事件包含在已签名的日志中。',
    en: 'Verified: the event is included in the signed log.',
  },
  verifyFail: { zh: '失败：证明与根哈希不符。', en: 'Failed: the proof does not match the root.' },
  leafHash: { zh: '叶子哈希', en: 'Leaf hash' },
  leafRecomputed: { zh: '浏览器重算的叶子哈希', en: 'Leaf hash recomputed here' },
  leafMismatch: { zh: '事件内容与叶子哈希不符。', en: 'the event does not match its leaf hash.' },
  signatureValid: {
    zh: '签名有效（Ed25519，已在浏览器中核验）',
    en: 'Signature valid (Ed25519, checked in this browser)',
  },
  signatureInvalid: { zh: '签名无效！', en: 'Signature invalid!' },
  signatureKeyMismatch: {
    zh: '公钥与检查点所列密钥不符！',
    en: 'The public key is not the one the checkpoint names!',
  },
  signatureUnsupported: {
    zh: '此浏览器不支持 Ed25519 核验',
    en: 'This browser cannot check Ed25519 signatures',
  },
  leafIndex: { zh: '叶子序号', en: 'Leaf index' },
  computedRoot: { zh: '计算所得根', en: 'Computed root' },
  proofLength: { zh: '证明长度', en: 'Proof length' },
  events: { zh: '事件', en: 'Events' },
  scoreSchoolDevelopment: { zh: '学校发展', en: 'School development' },
  scoreTeacherDevelopment: { zh: '教师发展', en: 'Teacher development' },
  scoreStudentDevelopment: { zh: '学生发展', en: 'Student development' },
  scoreSocialRecognition: { zh: '社会认可', en: 'Social recognition' },
  scoreDevelopmentPotential: { zh: '发展潜能', en: 'Development potential' },
  period: { zh: '评估期', en: 'Period' },
  evaluator: { zh: '评估方', en: 'Evaluator' },
  active: { zh: '合作中', en: 'active' },
} satisfies Record<string, Entry>;

export type UiKey = keyof typeof UI;

const RULES: Record<string, Entry> = {
  R01: { zh: '商议合作须经同意', en: 'Consent to negotiate' },
  R02: { zh: '审批权限', en: 'Approval authority' },
  R03: { zh: '合同审查', en: 'Contract review' },
  R04: { zh: '集团规模', en: 'Group size' },
  R05: { zh: '同学段合作', en: 'Same stage' },
  R06: { zh: '暂停托管市外学校', en: 'No entrustment outside the city' },
  R07: { zh: '暂停托管民办义务教育学校', en: 'No entrustment of private compulsory schools' },
  R08: { zh: '暂停跨学段合作', en: 'No cross-stage cooperation' },
  R09: { zh: '中学托管小学退出', en: 'Primary schools leave middle-school groups' },
  R10: { zh: '同一区县限一所', en: 'One partner per district' },
  R11: { zh: '不得设立分校', en: 'No district branch campuses' },
  R12: { zh: '体制不变', en: 'Governance unchanged' },
  R13: { zh: '联考次数', en: 'Joint exam limit' },
  R14: { zh: '教师双向交流', en: 'Two-way teacher exchange' },
  R15: { zh: '章程与规划', en: 'Charter and plan' },
  R16: { zh: '取消对口直升', en: 'No direct promotion' },
  R17: { zh: '合作时限', en: 'Term limit' },
  R18: { zh: '延期上限', en: 'Extension limit' },
  R19: { zh: '期满提前报备', en: 'Expiry notice' },
  R20: { zh: '不得超期合作', en: 'No overrun' },
  R21: { zh: '另组集团退出', en: 'Spin-off exit' },
  R22: { zh: '新集团不得用原品牌', en: 'Spin-off brand' },
  R23: { zh: '终止后不再支持', en: 'No support after exit' },
  R24: { zh: '终止后品牌使用', en: 'Brand after exit' },
  R25: { zh: '品牌撤除', en: 'Brand withdrawal' },
  R26: { zh: '家长沟通', en: 'Parent communication' },
};

/** Each rule's severity (POLICY.md), to colour charts whose figures come without it. */
export const RULE_SEVERITY: Record<string, 'violation' | 'warning' | 'advisory'> = {
  R01: 'violation',
  R02: 'violation',
  R03: 'violation',
  R04: 'warning',
  R05: 'warning',
  R06: 'violation',
  R07: 'violation',
  R08: 'violation',
  R09: 'violation',
  R10: 'violation',
  R11: 'violation',
  R12: 'violation',
  R13: 'warning',
  R14: 'advisory',
  R15: 'advisory',
  R16: 'violation',
  R17: 'warning',
  R18: 'warning',
  R19: 'violation',
  R20: 'violation',
  R21: 'warning',
  R22: 'violation',
  R23: 'violation',
  R24: 'violation',
  R25: 'warning',
  R26: 'advisory',
};

const DISTRICTS: Record<string, Entry> = {
  '430102': { zh: '芙蓉区', en: 'Furong' },
  '430103': { zh: '天心区', en: 'Tianxin' },
  '430104': { zh: '岳麓区', en: 'Yuelu' },
  '430105': { zh: '开福区', en: 'Kaifu' },
  '430111': { zh: '雨花区', en: 'Yuhua' },
  '430112': { zh: '望城区', en: 'Wangcheng' },
  '430121': { zh: '长沙县', en: 'Changsha County' },
  '430181': { zh: '浏阳市', en: 'Liuyang' },
  '430182': { zh: '宁乡市', en: 'Ningxiang' },
  '430302': { zh: '湘潭市雨湖区', en: 'Yuhu (Xiangtan)' },
  CITY: { zh: '市直', en: 'City-direct' },
};

const ENUMS: Record<string, Entry> = {
  violation: { zh: '违规', en: 'Violation' },
  warning: { zh: '警示', en: 'Warning' },
  advisory: { zh: '建议', en: 'Advisory' },
  OPEN: { zh: '未整改', en: 'Open' },
  RESOLVED: { zh: '已整改', en: 'Resolved' },
  EXCEPTED: { zh: '例外许可', en: 'Excepted' },
  KINDERGARTEN: { zh: '幼儿园', en: 'Kindergarten' },
  PRIMARY: { zh: '小学', en: 'Primary' },
  JUNIOR: { zh: '初中', en: 'Junior' },
  SENIOR: { zh: '高中', en: 'Senior' },
  PUBLIC: { zh: '公办', en: 'Public' },
  PRIVATE: { zh: '民办', en: 'Private' },
  CITY_DIRECT: { zh: '市直', en: 'City-direct' },
  DISTRICT: { zh: '区县属', en: 'District' },
  ENTRUSTED_MANAGEMENT: { zh: '委托管理', en: 'Entrusted management' },
  PAIRED_ASSISTANCE: { zh: '对口帮扶', en: 'Paired assistance' },
  BUNDLED_DEVELOPMENT: { zh: '捆绑发展', en: 'Bundled development' },
  MULTI_SCHOOL: { zh: '多校协同', en: 'Multi-school' },
  REGIONAL_CLUSTER: { zh: '区域组团', en: 'Regional cluster' },
  SAME_STAGE_ALLIANCE: { zh: '同学段联盟', en: 'Same-stage alliance' },
  SCHOOL_UNION: { zh: '校联体', en: 'School union' },
  CITY_BUREAU: { zh: '市教育局', en: 'City bureau' },
  CITY_GOVERNMENT: { zh: '市人民政府', en: 'City government' },
  DISTRICT_BUREAU: { zh: '区县（市）教育局', en: 'District bureau' },
  DISTRICT_GOVERNMENT: { zh: '区县（市）人民政府', en: 'District government' },
  OTHER: { zh: '其他', en: 'Other' },
  admin: { zh: '管理员', en: 'Admin' },
  recorder: { zh: '录入员', en: 'Recorder' },
  supervisor: { zh: '督导', en: 'Supervisor' },
  auditor: { zh: '审计员', en: 'Auditor' },
  viewer: { zh: '浏览者', en: 'Viewer' },
  group: { zh: '集团', en: 'Group' },
  cooperation: { zh: '合作', en: 'Cooperation' },
  school: { zh: '学校', en: 'School' },
  TERM_END: { zh: '合作期满', en: 'Term ends' },
  TERM_OVERRUN: { zh: '合作期已满仍在合作', en: 'Term ended, still active' },
  WITHDRAWAL_PENDING: { zh: '品牌标识待撤除', en: 'Brand withdrawal pending' },
  WITHDRAWAL_OVERDUE: { zh: '品牌标识撤除已逾期', en: 'Brand withdrawal overdue' },
  SIGNED: { zh: '已签约', en: 'Signed' },
  TERM_ENDING: { zh: '合作期满', en: 'Term ends' },
  NOTICE_DUE: { zh: '期满报备截止', en: 'Notice due' },
  NOTICE_OVERDUE: { zh: '期满报备逾期', en: 'Notice overdue' },
  BRAND_WITHDRAWAL: { zh: '品牌撤除待完成', en: 'Brand withdrawal pending' },
  BRAND_WITHDRAWAL_DUE: { zh: '品牌撤除待完成', en: 'Brand withdrawal pending' },
  PROPOSED: { zh: '已提出', en: 'Proposed' },
  ACTIVE: { zh: '合作中', en: 'Active' },
  EXITED: { zh: '已退出', en: 'Exited' },
  FORMED: { zh: '已组建', en: 'Formed' },
  DISSOLVED: { zh: '已解散', en: 'Dissolved' },
  LEAD_TO_PARTNER: { zh: '牵头→合作', en: 'Lead → partner' },
  PARTNER_TO_LEAD: { zh: '合作→牵头', en: 'Partner → lead' },
  MANAGER: { zh: '管理干部', en: 'Manager' },
  KEY_TEACHER: { zh: '骨干教师', en: 'Key teacher' },
  TEACHER: { zh: '教师', en: 'Teacher' },
  EXPIRY: { zh: '期满', en: 'Expiry' },
  EARLY: { zh: '提前终止', en: 'Early' },
  SPIN_OFF: { zh: '另组集团', en: 'Spin-off' },
  POLICY: { zh: '政策要求', en: 'Policy' },
  GRANTED: { zh: '批准', en: 'Granted' },
  DENIED: { zh: '不予批准', en: 'Denied' },
  APPROVED: { zh: '审查通过', en: 'Approved' },
  REJECTED: { zh: '审查退回', en: 'Rejected' },
  OFFICIAL_LETTER: { zh: '公函', en: 'Official letter' },
  CONTRACT_DRAFT: { zh: '合同草案', en: 'Contract draft' },
  SIGNING_BASIS: { zh: '签订依据', en: 'Signing basis' },
  APPROVAL_DOCUMENT: { zh: '批准文件', en: 'Approval document' },
  EXPLANATION: { zh: '情况说明', en: 'Explanation' },
  BACKGROUND: { zh: '背景材料', en: 'Background' },
  CONTRACT: { zh: '合同', en: 'Contract' },
  CHARTER: { zh: '章程', en: 'Charter' },
  DEVELOPMENT_PLAN: { zh: '发展规划', en: 'Development plan' },
  EVALUATION_REPORT: { zh: '评估报告', en: 'Evaluation report' },
  TERMINATION_PLAN: { zh: '终止实施方案', en: 'Termination plan' },
};

const EVENT_TYPES: Record<string, Entry> = {
  SchoolRegistered: { zh: '学校登记', en: 'School registered' },
  SchoolDesignatedLead: { zh: '认定为牵头学校', en: 'Designated lead' },
  SchoolGovernanceChanged: { zh: '学校体制变更', en: 'Governance changed' },
  BranchCampusEstablished: { zh: '设立分校', en: 'Branch campus established' },
  BrandUsageRecorded: { zh: '品牌使用', en: 'Brand used' },
  BrandWithdrawn: { zh: '品牌撤除', en: 'Brand withdrawn' },
  GroupFormed: { zh: '集团组建', en: 'Group formed' },
  CharterAdopted: { zh: '通过章程', en: 'Charter adopted' },
  DevelopmentPlanAdopted: { zh: '通过发展规划', en: 'Development plan adopted' },
  JointExamHeld: { zh: '组织联考', en: 'Joint exam held' },
  DirectPromotionPlanPublished: { zh: '发布对口直升计划', en: 'Direct-promotion plan published' },
  GroupEvaluated: { zh: '集团评估', en: 'Group evaluated' },
  GroupDissolved: { zh: '集团解散', en: 'Group dissolved' },
  CooperationProposed: { zh: '提出合作', en: 'Cooperation proposed' },
  NegotiationConsentGranted: { zh: '同意商议合作', en: 'Consent to negotiate' },
  ApprovalGranted: { zh: '审批同意', en: 'Approval granted' },
  ApprovalDenied: { zh: '审批不同意', en: 'Approval denied' },
  ContractDraftSubmitted: { zh: '报送合同草案', en: 'Contract draft submitted' },
  ContractReviewApproved: { zh: '合同审查通过', en: 'Contract review approved' },
  ContractReviewRejected: { zh: '合同审查退回', en: 'Contract review rejected' },
  ContractSigned: { zh: '签订合同', en: 'Contract signed' },
  PartnerAdmitted: { zh: '合作学校加入', en: 'Partner admitted' },
  TeacherDispatched: { zh: '派出教师', en: 'Teacher dispatched' },
  CooperationFeeCharged: { zh: '收取合作费用', en: 'Cooperation fee charged' },
  CooperationExtended: { zh: '合作延期', en: 'Cooperation extended' },
  TerminationNoticeFiled: { zh: '期满报备', en: 'Termination notice filed' },
  ParentCommunicationRecorded: { zh: '家长沟通', en: 'Parent communication' },
  PartnerExited: { zh: '合作学校退出', en: 'Partner exited' },
  ExceptionGranted: { zh: '批准例外', en: 'Exception granted' },
  EventRetracted: { zh: '撤回事件', en: 'Event retracted' },
};

/** Labels for the fields of the API's state views (libs/domain/src/views/states.ts). */
const FIELDS: Record<string, Entry> = {
  name: { zh: '名称', en: 'Name' },
  schoolId: { zh: '学校', en: 'School' },
  groupId: { zh: '教育集团', en: 'Group' },
  cooperationId: { zh: '合作', en: 'Cooperation' },
  cooperationIds: { zh: '合作', en: 'Cooperations' },
  leadSchoolId: { zh: '牵头学校', en: 'Lead school' },
  partnerSchoolId: { zh: '合作学校', en: 'Partner school' },
  brandOwnerSchoolId: { zh: '品牌所属学校', en: 'Brand owner' },
  mode: { zh: '合作模式', en: 'Mode' },
  status: { zh: '状态', en: 'Status' },
  active: { zh: '合作中', en: 'Active' },
  on: { zh: '生效日', en: 'On' },
  eventId: { zh: '事件', en: 'Event' },
  documentNo: { zh: '文号', en: 'Document no.' },
  authority: { zh: '机关', en: 'Authority' },
  decision: { zh: '决定', en: 'Decision' },
  applicants: { zh: '申请方', en: 'Applicants' },
  reason: { zh: '理由', en: 'Reason' },
  period: { zh: '评估期', en: 'Period' },
  evaluator: { zh: '评估方', en: 'Evaluator' },
  participants: { zh: '参加学校', en: 'Participants' },
  title: { zh: '标题', en: 'Title' },
  enrolmentYear: { zh: '招生年度', en: 'Enrolment year' },
  quota: { zh: '名额', en: 'Quota' },
  teacherId: { zh: '教师', en: 'Teacher' },
  role: { zh: '角色', en: 'Role' },
  direction: { zh: '方向', en: 'Direction' },
  until: { zh: '截至', en: 'Until' },
  amountFen: { zh: '金额（分）', en: 'Amount (fen)' },
  newTermEnd: { zh: '新期满日', en: 'New term end' },
  termStart: { zh: '合作起始', en: 'Term start' },
  termEnd: { zh: '期满日', en: 'Term end' },
  endedOn: { zh: '终止日', en: 'Ended on' },
  recipients: { zh: '报备对象', en: 'Recipients' },
  summary: { zh: '摘要', en: 'Summary' },
  ruleId: { zh: '规则', en: 'Rule' },
  spunOffFrom: { zh: '分自', en: 'Spun off from' },
  formed: { zh: '组建', en: 'Formed' },
  dissolved: { zh: '解散', en: 'Dissolved' },
  charters: { zh: '章程', en: 'Charters' },
  developmentPlans: { zh: '发展规划', en: 'Development plans' },
  jointExams: { zh: '联考', en: 'Joint exams' },
  directPromotionPlans: { zh: '对口直升计划', en: 'Direct-promotion plans' },
  evaluations: { zh: '评估', en: 'Evaluations' },
  exceptions: { zh: '例外许可', en: 'Exceptions' },
  members: { zh: '成员学校', en: 'Members' },
  activePartners: { zh: '在册合作学校', en: 'Active partners' },
  proposed: { zh: '提出', en: 'Proposed' },
  consents: { zh: '商议同意', en: 'Consents to negotiate' },
  approvals: { zh: '审批', en: 'Approvals' },
  drafts: { zh: '合同草案报送', en: 'Contract drafts' },
  reviews: { zh: '合同审查', en: 'Contract reviews' },
  signings: { zh: '合同签订', en: 'Signings' },
  contract: { zh: '合同', en: 'Contract' },
  extensions: { zh: '延期', en: 'Extensions' },
  admission: { zh: '加入', en: 'Admission' },
  dispatches: { zh: '教师派出', en: 'Teacher dispatches' },
  fees: { zh: '合作费用', en: 'Fees' },
  notices: { zh: '期满报备', en: 'Termination notices' },
  parentCommunications: { zh: '家长沟通', en: 'Parent communication' },
  exit: { zh: '退出', en: 'Exit' },
  stages: { zh: '学段', en: 'Stages' },
  document: { zh: '文件', en: 'Document' },
  documents: { zh: '文件', en: 'Documents' },
  report: { zh: '评估报告', en: 'Report' },
  plan: { zh: '终止实施方案', en: 'Plan' },
  scores: { zh: '得分', en: 'Scores' },
  districtCode: { zh: '区县', en: 'District' },
};

/** A state field's label; unknown fields are spelled out from their camelCase name. */
export function fieldLabel(key: string): string {
  const known = FIELDS[key]?.[current];
  if (known) return known;
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

const STORAGE_KEY = 'ledger.lang';
let current: Lang = 'zh';
const listeners = new Set<(lang: Lang) => void>();

export function initLang(storage: Pick<Storage, 'getItem'> | undefined): Lang {
  const saved = storage?.getItem(STORAGE_KEY);
  current = saved === 'en' ? 'en' : 'zh';
  return current;
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang, storage?: Pick<Storage, 'setItem'>): void {
  current = next;
  storage?.setItem(STORAGE_KEY, next);
  for (const fn of listeners) fn(next);
}

export function onLangChange(fn: (lang: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function t(key: UiKey, params: Record<string, string | number> = {}): string {
  let text = UI[key][current];
  for (const [k, v] of Object.entries(params)) text = text.replace(`{${k}}`, String(v));
  return text;
}

/** Picks the current language from a `{ zh, en }` pair the API sent; tolerates a bare string. */
export function pick(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Partial<Entry>;
    return (current === 'en' ? (v.en ?? v.zh) : (v.zh ?? v.en)) ?? '';
  }
  return '';
}

function lookup(table: Record<string, Entry>, key: string | undefined | null): string {
  if (key === undefined || key === null || key === '') return '—';
  return table[key]?.[current] ?? key;
}

/** "R10 同一区县限一所" / "R10 One partner per district". */
export function ruleLabel(ruleId: string): string {
  const id = /^R\d\d/.exec(ruleId)?.[0] ?? ruleId;
  const name = RULES[id]?.[current];
  return name ? `${id} ${name}` : ruleId;
}

export function districtLabel(code: string | undefined | null): string {
  return lookup(DISTRICTS, code);
}

export function enumLabel(value: string | undefined | null): string {
  return lookup(ENUMS, value);
}

export function eventTypeLabel(type: string): string {
  return lookup(EVENT_TYPES, type);
}

export const RULE_IDS = Object.keys(RULES);
export const DISTRICT_CODES = Object.keys(DISTRICTS).filter((c) => /^4301/.test(c));

/** The language tag for <html lang> and Intl formatting. */
export function langTag(): string {
  return current === 'en' ? 'en' : 'zh-CN';
}
