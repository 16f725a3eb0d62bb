import { createFunction } from '../../_shared/router';
import { communityContract } from '../../_shared/contracts/community';
import { directory, saveSite, sites } from './sites';
import { applications, decide, myVolunteer, signUp } from './volunteers';
import { checkIn, checkOut, siteCode } from './checkin';
import { attendTraining, saveTraining, trainingCode, trainings } from './trainings';
import { answerSiteReferral, referChild, referTargets, siteReferrals } from './referrals';
import { org, orgs, saveOrg, saveOrgAward, saveOrgProject } from './orgs';
import { activities, activity, activityCode, attendActivity, markActivityChildren, saveActivity } from './activities';
import { myCertificate } from './certificate';
import { childCare } from './child-care';
import { endLeaguePairing, leagueOrg, leagueOrgs, pairLeagueChild, saveLeagueOrg } from './youth-league';

/**
 * `community`: community care (issue 18; policy §二(四)–(五); docs/community.md).
 * - sites: `directory` (public: the sites a family may go to, with tap-to-call), `sites` and
 *   `saveSite` (township staff and the county keep the directory)
 * - volunteers: `signUp` (public), `applications` and `decide` (approval binds the `volunteer`
 *   role), `myVolunteer` (the volunteer's own hours)
 * - hours: `siteCode` (the organiser's rotating QR code), `checkIn` / `checkOut` (the volunteer scans it)
 * - trainings: `trainings`, `saveTraining`, `trainingCode` (organisers), `attendTraining` (the volunteer scans)
 * - referrals: `referTargets`, `referChild` (a child's case to the protection centre or a social
 *   organisation), `siteReferrals`, `answerSiteReferral` (the entry's staff answer before the deadline)
 * - social organisations: `orgs`, `org`, `saveOrg` (the registry and each township's coverage),
 *   `saveOrgProject`, `saveOrgAward` (also the organisation's own staff)
 * - Youth League organisations: `leagueOrgs`, `leagueOrg`, `saveLeagueOrg`, `pairLeagueChild`, `endLeaguePairing`
 * - care activities at sites: `activities`, `activity`, `saveActivity`, `activityCode`,
 *   `markActivityChildren` (organisers), `attendActivity` (the volunteer scans)
 * - `myCertificate`: the volunteer's 志愿服务证明 for a year
 * - `childCare`: the 团组织 paired with a child and the activities it came to, on the child's file
 */
export const community = createFunction(communityContract, { directory, sites, saveSite, signUp, myVolunteer, applications, decide, siteCode, checkIn, checkOut, trainings, saveTraining, trainingCode, attendTraining, referTargets, referChild, siteReferrals, answerSiteReferral, orgs, org, saveOrg, saveOrgProject, saveOrgAward, leagueOrgs, leagueOrg, saveLeagueOrg, pairLeagueChild, endLeaguePairing, activities, activity, saveActivity, activityCode, attendActivity, markActivityChildren, myCertificate, childCare });

export const main = community.main;
