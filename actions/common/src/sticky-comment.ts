import { readFileSync } from 'node:fs';
import * as core from '@actions/core';

export interface StickyComment {
  readonly token: string;
  /** A hidden HTML comment that identifies stepgate's comment for one app and environment. */
  readonly marker: string;
  readonly body: string;
  /** false: only update an existing comment, never create one (destroy). */
  readonly create: boolean;
}

export type StickyCommentResult = 'created' | 'updated' | 'skipped';

interface IssueComment {
  readonly id: number;
  readonly body?: string | null;
}

/**
 * Creates stepgate's one comment on the pull request, or edits it in place, found by its
 * marker. Outside a pull-request event there is nothing to comment on: skipped.
 *
 * Three REST calls over Node's fetch, from the runner's GITHUB_* variables (the same ones
 * @actions/github reads): this is all stepgate needs of GitHub's API, and it keeps Octokit
 * out of the action bundles.
 */
export async function upsertStickyComment(comment: StickyComment): Promise<StickyCommentResult> {
  const issueNumber = pullRequestNumber();
  const repository = process.env.GITHUB_REPOSITORY;
  if (!issueNumber || !repository) {
    core.info('Not a pull request event: no comment written');
    return 'skipped';
  }
  const github = new GithubApi(comment.token);
  const body = `${comment.marker}\n${comment.body}`;
  const comments = await github.list<IssueComment>(
    `/repos/${repository}/issues/${issueNumber}/comments?per_page=100`,
  );
  const existing = comments.find((c) => c.body?.includes(comment.marker));
  if (existing) {
    await github.send('PATCH', `/repos/${repository}/issues/comments/${existing.id}`, { body });
    return 'updated';
  }
  if (!comment.create) return 'skipped';
  await github.send('POST', `/repos/${repository}/issues/${issueNumber}/comments`, { body });
  return 'created';
}

/** The pull request (or issue) of the event that started the workflow, if any. */
function pullRequestNumber(): number | undefined {
  const eventPath = process.env.GITHUB_EVENT_PATH;
  if (!eventPath) return undefined;
  let payload: { pull_request?: { number?: number }; issue?: { number?: number } };
  try {
    payload = JSON.parse(readFileSync(eventPath, 'utf8')) as typeof payload;
  } catch {
    return undefined;
  }
  return payload.pull_request?.number ?? payload.issue?.number;
}

class GithubApi {
  private readonly baseUrl = process.env.GITHUB_API_URL || 'https://api.github.com';

  constructor(private readonly token: string) {}

  /** Every page of a list, following the Link header's rel="next". */
  async list<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = `${this.baseUrl}${path}`;
    while (url) {
      const response = await this.request('GET', url);
      items.push(...((await response.json()) as T[]));
      url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    return items;
  }

  async send(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<void> {
    await this.request(method, `${this.baseUrl}${path}`, body);
  }

  private async request(method: string, url: string, body?: unknown): Promise<Response> {
    const response = await fetch(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${this.token}`,
        'user-agent': 'stepgate',
        'x-github-api-version': '2022-11-28',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      const detail = await response.text().catch(() => '');
      let message = detail.slice(0, 200);
      try {
        message = String((JSON.parse(detail) as { message?: unknown }).message ?? message);
      } catch {
        // not JSON: the text as it came
      }
      throw new Error(
        `GitHub API ${method} ${new URL(url).pathname}: ${response.status} ${message}`.trim(),
      );
    }
    return response;
  }
}
