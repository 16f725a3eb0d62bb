/**
 * Global setup of the node jest projects, once before any test file: the run's shared build of the
 * functions (tests/helpers/test-build.ts) and the one-file bundles of the packages every test
 * file loads (tests/helpers/sandbox-packages.ts).
 */
import { bundleSandboxPackages } from './sandbox-packages';
import { prepareSharedBuild } from './test-build';

export default async function globalSetup(): Promise<void> {
  await Promise.all([prepareSharedBuild(), bundleSandboxPackages()]);
}
