/**
 * Who is told about the editorial flow in 消息 (issue 11 "staff are told"): an article submitted
 * for review reaches every bound reviewer except the one who wrote or submitted it (a reviewer
 * never reviews their own article) — with no such reviewer, the county admins, who can invite
 * one; the submitter is told when it is approved or sent back. Titles only, no personal data.
 */
import type { ActionContext } from '../../_shared/context';
import { fetchAll } from '../../_shared/db';
import { notify } from '../../_shared/notify';
import type { ArticleDoc } from './common';

interface BindingRow {
  personId: string;
}

async function boundPersons(ctx: ActionContext, role: string): Promise<string[]> {
  const db = ctx.app.database();
  const rows = await fetchAll<BindingRow>(db.collection('roleBindings').where({ role, status: 'active' }), 500);
  return [...new Set(rows.map((r) => r.personId))].sort();
}

/**
 * Tells the reviewers (else the county admins) that `doc` waits for review, once per version.
 * @returns how many people were told
 */
export async function tellReviewers(ctx: ActionContext, doc: ArticleDoc, submittedBy: string): Promise<number> {
  const own = new Set([doc.createdBy, submittedBy]);
  let to = (await boundPersons(ctx, 'reviewer')).filter((p) => !own.has(p));
  let body = `《${doc.title}》已提交审核，请审核`;
  if (!to.length) {
    to = (await boundPersons(ctx, 'countyAdmin')).filter((p) => !own.has(p));
    body = `《${doc.title}》已提交审核，但还没有可以审核的审核人，请邀请审核人`;
  }
  for (const personId of to) {
    await notify(ctx, {
      to: { personId },
      kind: 'articles.toReview',
      title: '文章待审核',
      body,
      ref: { kind: 'article', id: doc._id },
      dedupeKey: `articleReview:${doc._id}:${doc.version}:${personId}`,
    });
  }
  return to.length;
}

/** Tells the submitter that their article was approved or sent back (the note is on the article). */
export async function tellSubmitter(ctx: ActionContext, doc: ArticleDoc, submittedBy: string | undefined, decision: 'approve' | 'reject'): Promise<void> {
  if (!submittedBy) return;
  await notify(ctx, {
    to: { personId: submittedBy },
    kind: 'articles.reviewed',
    title: decision === 'approve' ? '文章已通过审核' : '文章被退回',
    body: decision === 'approve' ? `《${doc.title}》已通过审核，可以发布` : `《${doc.title}》被退回，请按审核意见修改后重新提交`,
    ref: { kind: 'article', id: doc._id },
    dedupeKey: `articleReviewed:${doc._id}:${doc.version}`,
  });
}
