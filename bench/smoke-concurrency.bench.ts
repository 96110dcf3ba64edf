// 50 smoke cases against a local server that answers each request after 1 s, at concurrency
// 1, 4 (the default) and 16: prints the wall time of each run. Issue 5 asks for "well under
// 50 s with concurrency". Run: node bench/smoke-concurrency.bench.ts (after `npm run build`).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runSmoke, type SmokeCase, type SmokeSpec } from '@stepgate/smoke';

const CASES = 50;
const DELAY_MS = 1000;

let inFlight = 0;
let maxInFlight = 0;
const server = createServer((req, res) => {
  req.resume();
  maxInFlight = Math.max(maxInFlight, ++inFlight);
  setTimeout(() => {
    inFlight--;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ACCEPTED"}');
  }, DELAY_MS);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const invokeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod/orders`;

const cases: SmokeCase[] = Array.from({ length: CASES }, (_, i) => ({
  name: `order ${i + 1}`,
  request: {
    method: 'POST',
    path: '',
    headers: {},
    query: {},
    body: { json: { quantity: i + 1 } },
  },
  apiKey: true,
  expect: { status: [200], jsonPath: { '$.status': 'ACCEPTED' } },
}));
const spec: SmokeSpec = { builtins: [], cases };

console.log(`${CASES} cases, each answered after ${DELAY_MS} ms`);
for (const concurrency of [4, 1, 16]) {
  maxInFlight = 0;
  const started = performance.now();
  const report = await runSmoke({ spec, invokeUrl, apiKey: 'bench-key', concurrency });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `concurrency ${String(concurrency).padStart(2)}: ${seconds.toFixed(1).padStart(5)} s wall time, ` +
      `${report.passed} passed, ${report.failed} failed, at most ${maxInFlight} in flight`,
  );
}
server.close();
