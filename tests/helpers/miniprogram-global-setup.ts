/**
 * Global setup of the `miniprogram` jest project: copies the TDesign components the pages use
 * into the git-ignored `miniprogram/miniprogram_npm/`, so the page tests render exactly what
 * DevTools would pack (and fail loudly on a wrong `usingComponents` path).
 */
import { copyMiniprogramNpm } from '../../scripts/copy-miniprogram-npm';

export default async function globalSetup(): Promise<void> {
  await copyMiniprogramNpm();
}
