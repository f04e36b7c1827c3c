/** Well-formed stored events, at least one of each type (from the demo generator, seed 7, plus a few by hand): the seeds of schema-test.property.spec.ts. */
export const VALID_EVENTS: ReadonlyArray<{
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}> = [
  {
    type: 'SchoolRegistered',
    data: {
      schoolId: '2101030018',
      name: '长沙市天心区金盆岭高级中学',
      stages: ['SENIOR'],
      ownership: 'PUBLIC',
      administration: 'DISTRICT',
      districtCode: '430103',
      inChangsha: true,
      sinoForeign: false,
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-01-10',
      recordedAt: '2019-01-10T01:01:23.000Z',
      actor: {
        id: 'recorder-430103-01',
        role: 'recorder',
        jurisdiction: '430103',
      },
      correlationId: '124c2cfd-ed35-418b-855e-af005af14884',
    },
  },
  {
    type: 'SchoolDesignatedLead',
    data: {
      schoolId: '2101210067',
      documentNo: '长教通〔2019〕26号',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-01-16',
      recordedAt: '2019-01-17T07:59:48.000Z',
      actor: {
        id: 'recorder-city-01',
        role: 'recorder',
        jurisdiction: 'city',
      },
      correlationId: '2dcf57e6-df5c-416b-bd28-f7fa8561d17f',
    },
  },
  {
    type: 'GroupFormed',
    data: {
      groupId: 'grp-0033',
      name: '泉塘教育集团（二）',
      leadSchoolId: '2101210008',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-02-10',
      recordedAt: '2019-02-11T03:13:27.000Z',
      actor: {
        id: 'recorder-430121-01',
        role: 'recorder',
        jurisdiction: '430121',
      },
      correlationId: 'fed3acb7-5ee5-4c26-8ac7-4c57b7b38a20',
    },
  },
  {
    type: 'GroupFormed',
    data: {
      groupId: 'grp-0165-s',
      name: '天心区南托第三小学教育集团',
      leadSchoolId: '2101030072',
      spunOffFrom: {
        groupId: 'grp-0165',
        leadSchoolId: '2101820077',
      },
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2021-02-12',
      recordedAt: '2021-02-13T05:43:05.000Z',
      actor: {
        id: 'recorder-430103-01',
        role: 'recorder',
        jurisdiction: '430103',
      },
      correlationId: 'cacec42d-0e18-4213-8990-3e8f47d17153',
    },
  },
  {
    type: 'CooperationProposed',
    data: {
      cooperationId: 'coop-0185-5',
      groupId: 'grp-0185',
      leadSchoolId: '2101050100',
      partnerSchoolId: '2101030081',
      mode: 'PAIRED_ASSISTANCE',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-03-12',
      recordedAt: '2019-03-15T04:00:16.000Z',
      actor: {
        id: 'recorder-430105-01',
        role: 'recorder',
        jurisdiction: '430105',
      },
      correlationId: '4a3e4745-e84b-42a7-8724-091aea5259ab',
    },
  },
  {
    type: 'CharterAdopted',
    data: {
      groupId: 'grp-0055',
      document: {
        kind: 'CHARTER',
        sha256: '21c7384d5a23f4e565d37b80d03f93036e35b36e256eb73c30e5591f1082438f',
        title: '左家塘第二实验学校教育集团章程',
      },
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-04-17',
      recordedAt: '2019-04-17T02:35:37.000Z',
      actor: {
        id: 'recorder-430111-01',
        role: 'recorder',
        jurisdiction: '430111',
      },
      correlationId: '0f004d90-7770-4320-b513-01ff16c9c6ed',
    },
  },
  {
    type: 'ApprovalGranted',
    data: {
      cooperationId: 'coop-0053-3',
      authority: {
        kind: 'CITY_BUREAU',
      },
      documentNo: '长教复〔2019〕254号',
      applicants: [
        {
          schoolId: '2101210026',
        },
      ],
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-04-22',
      recordedAt: '2019-04-22T09:21:14.000Z',
      actor: {
        id: 'recorder-city-01',
        role: 'recorder',
        jurisdiction: 'city',
      },
      correlationId: 'b839d1d9-2ed7-42b9-b51c-2da1ef7fd608',
    },
  },
  {
    type: 'DevelopmentPlanAdopted',
    data: {
      groupId: 'grp-0009',
      document: {
        kind: 'DEVELOPMENT_PLAN',
        sha256: '921f26252b5cd0524451ee406abf60302944033b06a9b7dd08ff7be5de9fd9b1',
        title: '大同教育集团三年发展规划',
      },
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-05-04',
      recordedAt: '2019-05-05T03:52:42.000Z',
      actor: {
        id: 'recorder-430102-01',
        role: 'recorder',
        jurisdiction: '430102',
      },
      correlationId: '1bf77c57-e599-40ed-a350-6d2fbf753723',
    },
  },
  {
    type: 'NegotiationConsentGranted',
    data: {
      cooperationId: 'coop-0005-5',
      authority: {
        kind: 'CITY_BUREAU',
      },
      documentNo: '长教函〔2019〕141号',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-05-10',
      recordedAt: '2019-05-11T01:55:54.000Z',
      actor: {
        id: 'recorder-city-01',
        role: 'recorder',
        jurisdiction: 'city',
      },
      correlationId: 'd17039de-bc4d-41b6-81ff-9d8d4a7097cf',
    },
  },
  {
    type: 'ContractDraftSubmitted',
    data: {
      cooperationId: 'coop-0167-1',
      documents: [
        {
          kind: 'OFFICIAL_LETTER',
          sha256: '3f32f9a722a04db4dfa41507dad93bea0a9ca1e64697816b017269db8e5aef74',
          title: '长沙市芙蓉区火星第三小学合作办学OFFICIAL_LETTER',
        },
        {
          kind: 'CONTRACT_DRAFT',
          sha256: '9b7d4c7886215d4a2ff0fa64b520955191aedd14198f9292b3ec6f4f8dc1531c',
          title: '长沙市芙蓉区火星第三小学合作办学CONTRACT_DRAFT',
        },
        {
          kind: 'SIGNING_BASIS',
          sha256: 'c151e2de175d68c2dcad98efbc0bad4c3d93243845dbd60cbae76d6d00044312',
          title: '长沙市芙蓉区火星第三小学合作办学SIGNING_BASIS',
        },
        {
          kind: 'APPROVAL_DOCUMENT',
          sha256: '23cd8721fd8bed99c6e6f1e9bb7ac6a7d7f88584c20f299bfdf7043c7c72f305',
          title: '长沙市芙蓉区火星第三小学合作办学APPROVAL_DOCUMENT',
        },
        {
          kind: 'EXPLANATION',
          sha256: '4eaf8aac9ae34df9690ac7f668dea96cfeb9080a7ae564abda75bafb3139af8f',
          title: '长沙市芙蓉区火星第三小学合作办学EXPLANATION',
        },
        {
          kind: 'BACKGROUND',
          sha256: 'ea781493c2b60a6a25df1991b0841d0a0e8cd9f396091393ea01f2ae421f3c1f',
          title: '长沙市芙蓉区火星第三小学合作办学BACKGROUND',
        },
      ],
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-05-16',
      recordedAt: '2019-05-17T03:34:25.000Z',
      actor: {
        id: 'recorder-430182-01',
        role: 'recorder',
        jurisdiction: '430182',
      },
      correlationId: '0f94ac23-cffd-4889-bcf3-0e83bef39821',
    },
  },
  {
    type: 'ContractReviewApproved',
    data: {
      cooperationId: 'coop-0133-1',
      documentNo: '长教审〔2019〕181号',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-06-01',
      recordedAt: '2019-06-03T09:40:42.000Z',
      actor: {
        id: 'recorder-city-01',
        role: 'recorder',
        jurisdiction: 'city',
      },
      correlationId: 'd1e9a570-1de3-44aa-ac25-609146ff07d2',
    },
  },
  {
    type: 'ContractSigned',
    data: {
      cooperationId: 'coop-0133-1',
      contract: {
        kind: 'CONTRACT',
        sha256: 'ee39c5aa108bfd0225e1dd49dcc0522ecf82494e8cfa446ac1cdb37f9ecf45d2',
        title: '合作办学协议书',
      },
      termStart: '2019-06-15',
      termEnd: '2022-06-14',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-06-15',
      recordedAt: '2019-06-16T08:30:45.000Z',
      actor: {
        id: 'recorder-430181-01',
        role: 'recorder',
        jurisdiction: '430181',
      },
      correlationId: 'b978e44d-2af6-4efb-819c-585b295a4f67',
    },
  },
  {
    type: 'PartnerAdmitted',
    data: {
      cooperationId: 'coop-0167-1',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-06-25',
      recordedAt: '2019-06-25T04:27:02.000Z',
      actor: {
        id: 'recorder-430182-01',
        role: 'recorder',
        jurisdiction: '430182',
      },
      correlationId: '30d4efe1-efa9-4c53-ba67-59fcc2e3b017',
    },
  },
  {
    type: 'BrandUsageRecorded',
    data: {
      schoolId: '2101820066',
      brandOwnerSchoolId: '2101810070',
      elements: ['NAME', 'CULTURAL_IDENTIFIER'],
      purpose: 'GENERAL',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-07-14',
      recordedAt: '2019-07-16T08:59:47.000Z',
      actor: {
        id: 'recorder-430182-01',
        role: 'recorder',
        jurisdiction: '430182',
      },
      correlationId: 'e24738a5-3e91-4e26-805d-77b9956b301b',
    },
  },
  {
    type: 'TeacherDispatched',
    data: {
      cooperationId: 'coop-0009-3',
      teacherId: 'T44809901',
      role: 'MANAGER',
      direction: 'LEAD_TO_PARTNER',
      until: '2020-07-15',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-09-02',
      recordedAt: '2019-09-02T07:08:25.000Z',
      actor: {
        id: 'recorder-430102-01',
        role: 'recorder',
        jurisdiction: '430102',
      },
      correlationId: '27cc6157-aaef-4b44-a2ca-f50994c0a71a',
    },
  },
  {
    type: 'CooperationFeeCharged',
    data: {
      cooperationId: 'coop-0009-3',
      amountFen: 52000000,
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-11-01',
      recordedAt: '2019-11-02T04:28:01.000Z',
      actor: {
        id: 'recorder-430102-01',
        role: 'recorder',
        jurisdiction: '430102',
      },
      correlationId: 'fb07808b-e649-43d1-bac3-06eed785becb',
    },
  },
  {
    type: 'JointExamHeld',
    data: {
      groupId: 'grp-0180',
      participants: ['2101810096', '2101040084', '2101110084', '2101040085', '2101110085', '2101030078'],
      title: '2020年集团联合考试',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2020-01-08',
      recordedAt: '2020-01-08T04:21:48.000Z',
      actor: {
        id: 'recorder-430181-01',
        role: 'recorder',
        jurisdiction: '430181',
      },
      correlationId: 'ad1a31ee-f187-4c00-80d1-7221367872df',
    },
  },
  {
    type: 'EventRetracted',
    data: {
      retractedEventId: '5c4ea63c-5d9a-47d8-a43e-df9321eee242',
      reason: '重复录入 · recorded twice',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2020-01-22',
      recordedAt: '2020-02-07T06:28:06.000Z',
      actor: {
        id: 'admin-01',
        role: 'admin',
      },
      correlationId: '6eb45cb8-9f0e-4b6f-97bb-7341453b5cc8',
    },
  },
  {
    type: 'BranchCampusEstablished',
    data: {
      schoolId: '2101210074',
      branchName: '长沙县星沙第三小学分校',
      establishedBy: {
        kind: 'DISTRICT_BUREAU',
        districtCode: '430121',
      },
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2020-04-19',
      recordedAt: '2020-04-22T01:39:13.000Z',
      actor: {
        id: 'recorder-430121-01',
        role: 'recorder',
        jurisdiction: '430121',
      },
      correlationId: 'd6f5da98-2657-4c47-8f6e-85748aac73f1',
    },
  },
  {
    type: 'ParentCommunicationRecorded',
    data: {
      cooperationId: 'coop-0168-2',
      summary: '召开家长会说明合作期满退出安排',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2020-12-06',
      recordedAt: '2020-12-09T09:28:12.000Z',
      actor: {
        id: 'recorder-430182-01',
        role: 'recorder',
        jurisdiction: '430182',
      },
      correlationId: '00c4b29c-113e-4d2c-ac1f-f52254dcae5c',
    },
  },
  {
    type: 'PartnerExited',
    data: {
      cooperationId: 'coop-0168-2',
      reason: 'EARLY',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2020-12-23',
      recordedAt: '2020-12-23T06:27:49.000Z',
      actor: {
        id: 'recorder-430182-01',
        role: 'recorder',
        jurisdiction: '430182',
      },
      correlationId: '55c8949c-d5c1-479f-9153-8f81c5b92d13',
    },
  },
  {
    type: 'SchoolGovernanceChanged',
    data: {
      schoolId: '2101040051',
      field: 'LEGAL_REPRESENTATIVE',
      attributedToGroupId: 'grp-0126',
      description: '集团统一任命法人代表',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2022-03-10',
      recordedAt: '2022-03-11T02:46:13.000Z',
      actor: {
        id: 'recorder-430104-01',
        role: 'recorder',
        jurisdiction: '430104',
      },
      correlationId: '78174f68-c9c1-415b-8c7a-f3ff60c9aeef',
    },
  },
  {
    type: 'CooperationExtended',
    data: {
      cooperationId: 'coop-0111-1',
      newTermEnd: '2025-12-07',
      documentNo: '长教复〔2019〕56号',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2022-04-30',
      recordedAt: '2022-05-03T09:43:23.000Z',
      actor: {
        id: 'recorder-430102-01',
        role: 'recorder',
        jurisdiction: '430102',
      },
      correlationId: '5c59f3a9-196e-422b-88a8-72aa6daf8008',
    },
  },
  {
    type: 'TerminationNoticeFiled',
    data: {
      cooperationId: 'coop-0065-2',
      recipients: [
        {
          kind: 'DISTRICT_BUREAU',
          districtCode: '430182',
        },
        {
          kind: 'DISTRICT_BUREAU',
          districtCode: '430111',
        },
      ],
      plan: {
        kind: 'TERMINATION_PLAN',
        sha256: '462ff307c06b0cd17735f4c19bfb29e96af93c11d25b669a58ea1592d76be609',
        title: '合同终止实施方案',
      },
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2022-06-05',
      recordedAt: '2022-10-04T09:04:29.000Z',
      actor: {
        id: 'recorder-430182-01',
        role: 'recorder',
        jurisdiction: '430182',
      },
      correlationId: '38ba3043-28cf-4a0c-81a6-01a99996447a',
    },
  },
  {
    type: 'GroupEvaluated',
    data: {
      groupId: 'grp-0137',
      period: '2021-2022学年',
      scores: {
        schoolDevelopment: 69,
        teacherDevelopment: 66,
        studentDevelopment: 76,
        socialRecognition: 95,
        developmentPotential: 73,
      },
      evaluator: '长沙市教育督导评估中心',
      report: {
        kind: 'EVALUATION_REPORT',
        sha256: '61eeefca8e4f35a6d2484ca2d3b91d6d3b12cd972195b2521f4e0baf943ed650',
        title: '月亮岛第二高级中学教育集团2022年度督导评估报告',
      },
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2022-12-17',
      recordedAt: '2022-12-20T02:43:16.000Z',
      actor: {
        id: 'supervisor-01',
        role: 'supervisor',
      },
      correlationId: '8ebfd4a8-b0bd-47a0-ab96-6c99afc55b85',
    },
  },
  {
    type: 'DirectPromotionPlanPublished',
    data: {
      groupId: 'grp-0008',
      enrolmentYear: 2022,
      quota: 102,
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2022-03-15',
      recordedAt: '2024-01-23T02:20:47.000Z',
      actor: {
        id: 'recorder-city-01',
        role: 'recorder',
        jurisdiction: 'city',
      },
      correlationId: '709fb512-df74-4cd0-a3aa-2c941d69dc8b',
    },
  },
  {
    type: 'BrandWithdrawn',
    data: {
      schoolId: '2101810007',
      brandOwnerSchoolId: '2101810006',
      elements: ['NAME', 'CULTURAL_IDENTIFIER'],
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2024-11-03',
      recordedAt: '2024-11-06T02:33:08.000Z',
      actor: {
        id: 'recorder-430181-01',
        role: 'recorder',
        jurisdiction: '430181',
      },
      correlationId: 'd1b78c9d-81ba-4651-b70f-b651ec79f770',
    },
  },
  {
    type: 'ExceptionGranted',
    data: {
      ruleId: 'R05',
      authority: {
        kind: 'CITY_BUREAU',
      },
      documentNo: '长教函〔2021〕27号',
      reason: '城乡结对帮扶，经市教育局同意跨学段合作',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2022-01-02',
      recordedAt: '2025-10-05T09:39:36.000Z',
      actor: {
        id: 'recorder-city-01',
        role: 'recorder',
        jurisdiction: 'city',
      },
      correlationId: 'e6d8a0e6-4d0a-46c4-b2ef-b490635d1068',
    },
  },
  {
    type: 'GroupDissolved',
    data: {
      groupId: 'g-1',
      reason: 'merged',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-01-10',
      recordedAt: '2019-01-10T01:01:23.000Z',
      actor: {
        id: 'recorder-430103-01',
        role: 'recorder',
        jurisdiction: '430103',
      },
      correlationId: '124c2cfd-ed35-418b-855e-af005af14884',
    },
  },
  {
    type: 'GroupDissolved',
    data: {
      groupId: 'g-2',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-01-10',
      recordedAt: '2019-01-10T01:01:23.000Z',
      actor: {
        id: 'recorder-430103-01',
        role: 'recorder',
        jurisdiction: '430103',
      },
      correlationId: '124c2cfd-ed35-418b-855e-af005af14884',
    },
  },
  {
    type: 'ApprovalDenied',
    data: {
      cooperationId: 'c-1',
      authority: {
        kind: 'DISTRICT_BUREAU',
        districtCode: '430103',
      },
      documentNo: '长教〔2021〕1号',
      applicants: [
        {
          schoolId: '4301030001',
        },
        {
          authority: {
            kind: 'OTHER',
            name: '某单位',
          },
        },
      ],
      reason: '不符合条件',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-01-10',
      recordedAt: '2019-01-10T01:01:23.000Z',
      actor: {
        id: 'recorder-430103-01',
        role: 'recorder',
        jurisdiction: '430103',
      },
      correlationId: '124c2cfd-ed35-418b-855e-af005af14884',
    },
  },
  {
    type: 'ContractReviewRejected',
    data: {
      cooperationId: 'c-1',
      documentNo: '审-1',
      reason: '条款不全',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2019-01-10',
      recordedAt: '2019-01-10T01:01:23.000Z',
      actor: {
        id: 'recorder-430103-01',
        role: 'recorder',
        jurisdiction: '430103',
      },
      correlationId: '124c2cfd-ed35-418b-855e-af005af14884',
      causationId: 'cause-1',
      idempotencyKey: 'k-1',
      requestHash: 'h',
    },
  },
];
