/** One import point for the shared pieces the accounts actions use. */
export * from '../../_shared/access';
export { decryptText, encryptText, lookupHash } from '../../_shared/crypto';
export * from '../../_shared/db';
