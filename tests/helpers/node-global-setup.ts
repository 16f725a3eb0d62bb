/**
 * Global setup of the node jest projects: the one-file bundles of the packages every test file
 * loads (tests/helpers/sandbox-packages.ts).
 */
import { bundleSandboxPackages } from './sandbox-packages';

export default async function globalSetup(): Promise<void> {
  await bundleSandboxPackages();
}
