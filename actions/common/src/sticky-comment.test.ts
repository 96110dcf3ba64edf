// GIVEN a GitHub REST API stand-in over real HTTP and a runner's GITHUB_* variables, WHEN the
// sticky comment is written, THEN it is found by its marker across pages and edited in place,
// created only when asked to, skipped outside a pull request, and an API refusal is one line.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { upsertStickyComment } from './sticky-comment.js';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

let server: Server;
let seen: Seen[];
let comments: { id: number; body: string }[];
let failWith: number | undefined;
let dir: string;
const savedEnv = { ...process.env };

beforeEach(async () => {
  seen = [];
  comments = [];
  failWith = undefined;
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const url = request.url ?? '';
      const body = raw ? (JSON.parse(raw) as { body: string }) : undefined;
      seen.push({
        method: request.method!,
        url,
        authorization: request.headers.authorization,
        body,
      });
      response.setHeader('content-type', 'application/json');
      if (failWith) {
        response.statusCode = failWith;
        response.end('{"message":"Resource not accessible by integration"}');
        return;
      }
      const page = Number(new URL(url, 'http://x').searchParams.get('page') ?? '1');
      if (request.method === 'GET') {
        // Two pages of 1 comment each, linked as GitHub does.
        if (page === 1)
          response.setHeader(
            'link',
            `<http://${request.headers.host}/repos/owner/repo/issues/7/comments?per_page=100&page=2>; rel="next"`,
          );
        response.end(JSON.stringify(comments.slice(page - 1, page)));
      } else if (request.method === 'POST') {
        const comment = { id: 100 + comments.length, body: body!.body };
        comments.push(comment);
        response.statusCode = 201;
        response.end(JSON.stringify(comment));
      } else {
        const id = Number(/\/comments\/(\d+)$/.exec(url)?.[1]);
        comments.find((c) => c.id === id)!.body = body!.body;
        response.end('{}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dir = mkdtempSync(path.join(tmpdir(), 'sticky-'));
  const event = path.join(dir, 'event.json');
  writeFileSync(event, JSON.stringify({ pull_request: { number: 7 } }));
  process.env.GITHUB_API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.GITHUB_REPOSITORY = 'owner/repo';
  process.env.GITHUB_EVENT_PATH = event;
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(async () => {
  jest.restoreAllMocks();
  process.env = { ...savedEnv };
  rmSync(dir, { recursive: true, force: true });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const comment = (body: string, create = true) => ({
  token: 'ghs_token',
  marker: '<!-- stepgate:orders:pr-7 -->',
  body,
  create,
});

test('creates the comment once, then edits it in place, found on a later page', async () => {
  comments.push({ id: 1, body: 'someone else' });
  expect(await upsertStickyComment(comment('first'))).toBe('created');
  expect(await upsertStickyComment(comment('second'))).toBe('updated');

  expect(comments).toEqual([
    { id: 1, body: 'someone else' },
    { id: 101, body: '<!-- stepgate:orders:pr-7 -->\nsecond' },
  ]);
  expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
    'GET /repos/owner/repo/issues/7/comments?per_page=100',
    'GET /repos/owner/repo/issues/7/comments?per_page=100&page=2',
    'POST /repos/owner/repo/issues/7/comments',
    'GET /repos/owner/repo/issues/7/comments?per_page=100',
    'GET /repos/owner/repo/issues/7/comments?per_page=100&page=2',
    'PATCH /repos/owner/repo/issues/comments/101',
  ]);
  expect(seen.every((s) => s.authorization === 'Bearer ghs_token')).toBe(true);
});

test('create: false (destroy) never creates a comment', async () => {
  expect(await upsertStickyComment(comment('gone', false))).toBe('skipped');
  expect(seen.map((s) => s.method)).toEqual(['GET', 'GET']);
});

test('outside a pull request event: no request at all', async () => {
  writeFileSync(process.env.GITHUB_EVENT_PATH!, JSON.stringify({ ref: 'refs/heads/main' }));
  expect(await upsertStickyComment(comment('x'))).toBe('skipped');
  expect(seen).toEqual([]);
});

test("a refusal is one line with the call, the status and GitHub's message", async () => {
  failWith = 403;
  await expect(upsertStickyComment(comment('x'))).rejects.toThrow(
    'GitHub API GET /repos/owner/repo/issues/7/comments: 403 Resource not accessible by integration',
  );
});
