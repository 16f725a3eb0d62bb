/** Census import: example jobs for the access matrix (tests/functions/access-matrix). */
import { type ExampleWorld } from '../../_shared/access';
import { DEFAULT_CENSUS_DATE, DEFAULT_CHUNK_ROWS } from '../../_shared/contracts/registry';
import { CENSUS_REASON_MESSAGES } from './census';
import { R } from './common';
import { campaignIdOf, rowIdOf } from './import-store';

export function exampleRegionFor(role: string, side: { countyCode: string; townshipCode: string; villageCode: string }): string {
  if (role === 'countyAdmin') return side.countyCode;
  if (role === 'townshipStaff') return side.townshipCode;
  return side.villageCode;
}

/** A finished job in the example side's region (for the access matrix). */
export async function exampleJob(w: ExampleWorld): Promise<{ jobId: string }> {
  const regionCode = exampleRegionFor(w.role, w.side);
  const jobId = await w.insert(R.censusImports, {
    _id: `imp_example_${w.unique()}`,
    sha256: w.unique(),
    fileName: '示例花名册.xlsx',
    regionCode,
    countyCode: w.side.countyCode,
    censusDate: DEFAULT_CENSUS_DATE,
    campaignId: campaignIdOf(w.side.countyCode, DEFAULT_CENSUS_DATE),
    status: 'done',
    total: 1,
    done: 1,
    chunkRows: DEFAULT_CHUNK_ROWS,
    counts: { accepted: 0, updated: 0, rejected: 1, warnings: 0, skipped: 0 },
    problems: [],
    leaseUntilMs: 0,
    chunks: 1,
    fileDeleted: true,
    createdAt: w.now,
  });
  await w.insert(R.censusImportRows, {
    _id: rowIdOf(jobId, 0),
    jobId,
    seq: 0,
    file: '示例花名册.xlsx',
    sheet: '示例村',
    row: 5,
    kind: 'child',
    outcome: 'rejected',
    reasons: ['REQUIRED_MISSING'],
    warnings: [],
    messages: [CENSUS_REASON_MESSAGES.REQUIRED_MISSING],
  });
  return { jobId };
}
