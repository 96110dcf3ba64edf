// A stand-in for the GitHub REST API's issue-comment endpoints that records every request,
// so tests can check what an action did to a pull request.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RecordedRequest {
  method: string;
  url: string;
  body: unknown;
}

export interface FakeGithub {
  url: string;
  requests: RecordedRequest[];
  comments: { id: number; body: string }[];
  /** The runner environment of a pull_request event on PR `number` of owner/repo. */
  pullRequestEnv(number: number): Record<string, string>;
  close(): Promise<void>;
}

export async function startFakeGithub(): Promise<FakeGithub> {
  const requests: RecordedRequest[] = [];
  const comments: { id: number; body: string }[] = [];
  let nextId = 1000;
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const body = raw ? JSON.parse(raw) : undefined;
      const url = request.url ?? '';
      requests.push({ method: request.method ?? '', url, body });
      response.setHeader('content-type', 'application/json');
      const list = /^\/repos\/owner\/repo\/issues\/(\d+)\/comments/.exec(url);
      const edit = /^\/repos\/owner\/repo\/issues\/comments\/(\d+)$/.exec(url);
      if (list && request.method === 'GET') {
        response.end(JSON.stringify(comments));
      } else if (list && request.method === 'POST') {
        const comment = { id: nextId++, body: (body as { body: string }).body };
        comments.push(comment);
        response.statusCode = 201;
        response.end(JSON.stringify(comment));
      } else if (edit && request.method === 'PATCH') {
        const comment = comments.find((c) => c.id === Number(edit[1]));
        if (!comment) {
          response.statusCode = 404;
          response.end('{"message":"Not Found"}');
          return;
        }
        comment.body = (body as { body: string }).body;
        response.end(JSON.stringify(comment));
      } else {
        response.statusCode = 404;
        response.end('{"message":"Not Found"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    comments,
    pullRequestEnv(number) {
      const eventPath = path.join(mkdtempSync(path.join(tmpdir(), 'gh-event-')), 'event.json');
      writeFileSync(
        eventPath,
        JSON.stringify({ action: 'synchronize', number, pull_request: { number } }),
      );
      return {
        GITHUB_API_URL: url,
        GITHUB_REPOSITORY: 'owner/repo',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: eventPath,
      };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
