import { applyEvent, cooperationName, emptyDirectory, groupName, subjectName } from '../directory';
import { readDeadline } from './deadline-list';
import { readFootprint } from '../footprint';

describe('the directory of names, folded from the event log', () => {
  const dir = emptyDirectory();
  beforeAll(() => {
    applyEvent(dir, {
      type: 'SchoolRegistered',
      streamId: 'school-4301000001',
      data: { schoolId: '4301000001', name: '长郡中学', districtCode: '430102' },
    });
    applyEvent(dir, { type: 'SchoolRegistered', data: { schoolId: '4301040002', name: '岳麓区某小学' } });
    applyEvent(dir, {
      type: 'GroupFormed',
      data: { groupId: 'g1', name: '长郡教育集团', leadSchoolId: '4301000001' },
      metadata: { occurredOn: '2021-03-01' },
    });
    applyEvent(dir, {
      type: 'CooperationProposed',
      data: { cooperationId: 'c1', groupId: 'g1', leadSchoolId: '4301000001', partnerSchoolId: '4301040002' },
    });
    applyEvent(dir, { type: 'TeacherDispatched', data: { cooperationId: 'c1' } });
  });

  it('names schools, groups and cooperations, and marks the group lead as a lead school', () => {
    expect(groupName(dir, 'g1')).toBe('长郡教育集团');
    expect(cooperationName(dir, 'c1')).toBe('长郡中学 → 岳麓区某小学');
    expect(dir.schools.get('4301000001')?.lead).toBe(true);
    expect(dir.groups.get('g1')?.formedOn).toBe('2021-03-01');
  });

  it('falls back to the id it does not know', () => {
    expect(subjectName(dir, { type: 'group', id: 'g9' })).toBe('g9');
    expect(subjectName(dir, { type: 'school', id: '4301040002' })).toBe('岳麓区某小学');
  });
});

describe('reading answers of the read side', () => {
  it('reads a lead footprint with its limits and active partners', () => {
    const fp = readFootprint({
      leadSchoolId: '4301000001',
      leadName: '长郡中学',
      activePartners: [
        { schoolId: 'a', cooperationId: 'c1', districtCode: '430104', stages: ['JUNIOR'] },
        { schoolId: 'b', cooperationId: 'c2', districtCode: '430104', stages: ['JUNIOR', 'SENIOR'] },
      ],
      perDistrict: { '430104': 2 },
      perStage: { JUNIOR: 2, SENIOR: 1 },
      limits: { maxPartnersPerLead: 10, maxPartnersPerDistrict: 1 },
    });
    expect(fp).toMatchObject({ name: '长郡中学', total: 2, maxPartners: 10, perDistrictLimit: 1 });
    expect(fp.byDistrict).toEqual([{ key: '430104', count: 2 }]);
    expect(fp.byStage).toEqual([
      { key: 'JUNIOR', count: 2 },
      { key: 'SENIOR', count: 1 },
    ]);
  });

  it('reads a deadline, its subject, and whether it is overdue', () => {
    const d = readDeadline(
      {
        kind: 'NOTICE_OVERDUE',
        ruleId: 'R19',
        label: { zh: '期满报备已逾期', en: 'termination notice overdue' },
        cooperationId: 'c1',
        dueOn: '2026-01-31',
        overdue: true,
      },
      '2026-11-27',
    );
    expect(d).toMatchObject({
      kind: 'NOTICE_OVERDUE',
      due: '2026-01-31',
      subject: { type: 'cooperation', id: 'c1' },
      ruleId: 'R19',
      overdue: true,
      detail: '期满报备已逾期',
    });
    expect(
      readDeadline(
        { kind: 'TERM_ENDING', cooperationId: 'c2', dueOn: '2026-12-07', overdue: false },
        '2026-11-27',
      ).daysLeft,
    ).toBe(10);
  });
});
