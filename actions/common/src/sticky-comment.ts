import * as core from '@actions/core';
import * as github from '@actions/github';

export interface StickyComment {
  readonly token: string;
  /** A hidden HTML comment that identifies stepgate's comment for one app and environment. */
  readonly marker: string;
  readonly body: string;
  /** false: only update an existing comment, never create one (destroy). */
  readonly create: boolean;
}

export type StickyCommentResult = 'created' | 'updated' | 'skipped';

/**
 * Creates stepgate's one comment on the pull request, or edits it in place, found by its
 * marker. Outside a pull-request event there is nothing to comment on: skipped.
 */
export async function upsertStickyComment(comment: StickyComment): Promise<StickyCommentResult> {
  const { context } = github;
  const issueNumber = context.payload.pull_request?.number ?? context.payload.issue?.number;
  if (!issueNumber) {
    core.info('Not a pull request event: no comment written');
    return 'skipped';
  }
  const octokit = github.getOctokit(comment.token);
  const { owner, repo } = context.repo;
  const body = `${comment.marker}\n${comment.body}`;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  const existing = comments.find((c) => c.body?.includes(comment.marker));
  if (existing) {
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return 'updated';
  }
  if (!comment.create) return 'skipped';
  await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
  return 'created';
}
