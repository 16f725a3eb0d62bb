/**
 * The community calls the 关爱服务 pages make, typed by the generated contracts
 * (`contracts/community.ts`). Presentation rules: community-logic.ts.
 */
import { callFunction } from '../../services/api';
import type { ActionInput } from '../../contracts/index';

export type { DirectoryView, ManagedSitesView, MyVolunteerView, ApplicationView, SiteCodeView, SiteView, ShiftView, TrainingsView, ActivitiesView, ActivityDetailView, ActivityView, CertificateView, ChildCareView } from '../../contracts/community';

/** The public directory: sites a family in the township or village may go to (all of the county without one). */
export const loadDirectory = (regionCode?: string, near?: { latitude: number; longitude: number }) =>
  callFunction('community', 'directory', { ...(regionCode ? { regionCode } : {}), ...(near ? { near } : {}) });
/** The sites the caller manages (township staff: their township; the county: all). */
export const loadManagedSites = () => callFunction('community', 'sites', {});
/** Creates (no siteId) or changes a site. */
export const saveSite = (input: ActionInput<'community', 'saveSite'>) => callFunction('community', 'saveSite', input);
/** Signs the caller up as a volunteer. */
export const signUp = (input: ActionInput<'community', 'signUp'>) => callFunction('community', 'signUp', input);
/** The caller's own volunteer record. */
export const loadMyVolunteer = () => callFunction('community', 'myVolunteer', {});
/** Sign-ups of the caller's area with a status. */
export const loadApplications = (status: 'pending' | 'approved' | 'rejected') => callFunction('community', 'applications', { status });
/** Approves or refuses a sign-up. */
export const decide = (volunteerId: string, decision: 'approve' | 'reject', note: string) => callFunction('community', 'decide', { volunteerId, decision, note });
/** A site's current check-in code. */
export const loadSiteCode = (siteId: string) => callFunction('community', 'siteCode', { siteId });
/** Checks in with a scanned code. */
export const checkIn = (code: string) => callFunction('community', 'checkIn', { code });
/** Checks out with a scanned code. */
export const checkOut = (code: string) => callFunction('community', 'checkOut', { code });
/** This year's trainings of the caller's area. */
export const loadTrainings = () => callFunction('community', 'trainings', {});
/** Registers a training. */
export const saveTraining = (input: ActionInput<'community', 'saveTraining'>) => callFunction('community', 'saveTraining', input);
/** A training's current attendance code. */
export const loadTrainingCode = (trainingId: string) => callFunction('community', 'trainingCode', { trainingId });
/** Records the caller's attendance with a scanned training code. */
export const attendTraining = (code: string) => callFunction('community', 'attendTraining', { code });
/** Entries a child may be referred to (protection centre, shelters, social organisations). */
export const loadReferTargets = (childId: string) => callFunction('community', 'referTargets', { childId });
/** Refers a child's case to an entry. */
export const referChild = (input: ActionInput<'community', 'referChild'>) => callFunction('community', 'referChild', input);
/** Child referrals the caller reaches (the entry's staff; the referrers of the area). */
export const loadSiteReferrals = (status?: 'sent' | 'answered') => callFunction('community', 'siteReferrals', status ? { status } : {});
/** Answers a child referral. */
export const answerSiteReferral = (referralId: string, reply: string) => callFunction('community', 'answerSiteReferral', { referralId, reply });
/** This year's care activities of the caller's area (or site), and the sites they may plan at. */
export const loadActivities = () => callFunction('community', 'activities', {});
/** One activity with its attendance. */
export const loadActivity = (activityId: string) => callFunction('community', 'activity', { activityId });
/** Plans (no activityId) or changes an activity. */
export const saveActivity = (input: ActionInput<'community', 'saveActivity'>) => callFunction('community', 'saveActivity', input);
/** An activity's current attendance code (its day only). */
export const loadActivityCode = (activityId: string) => callFunction('community', 'activityCode', { activityId });
/** Records the caller's attendance with a scanned activity code. */
export const attendActivity = (code: string) => callFunction('community', 'attendActivity', { code });
/** Sets the children who attended an activity. */
export const markActivityChildren = (activityId: string, childIds: string[]) => callFunction('community', 'markActivityChildren', { activityId, childIds });
/** The caller's 志愿服务证明 for a year (this year without one). */
export const loadCertificate = (year?: string) => callFunction('community', 'myCertificate', year ? { year } : {});
/** A child's 团组织 pairings and the care activities it came to (儿童档案 → 关爱帮扶). */
export const loadChildCare = (childId: string) => callFunction('community', 'childCare', { childId });
