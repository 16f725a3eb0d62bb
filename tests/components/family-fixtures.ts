/**
 * Invented family data for the pages parents see (no real person): 陈小雨, her grandmother as
 * caregiver, 20 days since the last call. Used by the 长辈模式 tests and the screenshots.
 */
export const CHILD_OVERVIEW = {
  childId: 'c1',
  name: '陈小雨',
  villageCode: '341721100001',
  caregiver: { name: '陈桂芳', relation: '祖母', phone: '13900002222' },
  villageOfficer: { name: '王晓明' },
  school: { school: '尧渡中心小学', schooling: '三年级' },
  visits: [{ date: '2026-02-20', kind: 'home', notes: ['身体健康，学习用品齐全'] }],
  confirmation: { id: 'conf_1', status: 'inForce', statusLabel: '生效中', expiresOn: '2027-03-02' },
  confirmationToSign: [],
  checkIns: [],
  messages: [],
  lastCheckInOn: '2026-02-01',
  daysSinceCheckIn: 20,
  checkInDue: true,
  checkInIntervalDays: 14,
};

export const MY_CHILDREN = { children: [{ childId: 'c1', name: '陈小雨', villageCode: '341721100001', checkInDue: true }] };
