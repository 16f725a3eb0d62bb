/**
 * The calls of the 社会组织 and 团组织结对 pages, typed by the generated contracts
 * (`contracts/community.ts`, the organisation actions of `community-orgs`).
 */
import { callFunction } from '../../services/api';
import type { ActionInput } from '../../contracts/index';

export type { OrgsView, OrgView, LeagueOrgsView, LeagueOrgView, LeagueOrgDetailView } from '../../contracts/community';

/** Organisations of the caller's area with each township's coverage (an organisation's staff: their own). */
export const loadOrgs = () => callFunction('community', 'orgs', {});
/** One organisation with its projects and awards. */
export const loadOrg = (orgId: string) => callFunction('community', 'org', { orgId });
/** Registers (no orgId) or changes an organisation. */
export const saveOrg = (input: ActionInput<'community', 'saveOrg'>) => callFunction('community', 'saveOrg', input);
/** Adds or changes a public-interest project. */
export const saveOrgProject = (input: ActionInput<'community', 'saveOrgProject'>) => callFunction('community', 'saveOrgProject', input);
/** Adds or changes an award. */
export const saveOrgAward = (input: ActionInput<'community', 'saveOrgAward'>) => callFunction('community', 'saveOrgAward', input);
/** Youth League organisations of the caller's area. */
export const loadLeagueOrgs = () => callFunction('community', 'leagueOrgs', {});
/** One Youth League organisation with its pairings, the children it may pair and the township's volunteers. */
export const loadLeagueOrg = (leagueOrgId: string) => callFunction('community', 'leagueOrg', { leagueOrgId });
/** Registers (no leagueOrgId) or changes a Youth League organisation. */
export const saveLeagueOrg = (input: ActionInput<'community', 'saveLeagueOrg'>) => callFunction('community', 'saveLeagueOrg', input);
/** Pairs a child with a Youth League organisation. */
export const pairLeagueChild = (input: ActionInput<'community', 'pairLeagueChild'>) => callFunction('community', 'pairLeagueChild', input);
/** Ends a pairing. */
export const endLeaguePairing = (pairingId: string) => callFunction('community', 'endLeaguePairing', { pairingId });
