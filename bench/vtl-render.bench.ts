// Renders per second of the guide's request template (issue 4 aims at ≥ 50,000/s).
// Run: node bench/vtl-render.bench.ts   (uses the built packages: npm run build first)
import { resolveRequestTemplate, SEED_REQUEST_TEMPLATE } from '@stepgate/core';
import { compileMappingTemplate, renderMappingTemplate, type RenderRequest } from '@stepgate/vtl';

const template = compileMappingTemplate(
  resolveRequestTemplate(
    SEED_REQUEST_TEMPLATE,
    'arn:aws:states:us-east-1:123456789012:stateMachine:orders-prod',
  ),
  { file: 'seed request template' },
);
const request: RenderRequest = {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'x-api-key': 'k3y' },
  body: JSON.stringify({
    orderId: 'o-123',
    customer: { name: "O'Brien", city: 'Zürich' },
    items: [{ sku: 'A1', qty: 2, price: 9.5 }],
  }),
};

function run(durationMs: number): number {
  let renders = 0;
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    for (let i = 0; i < 1000; i++) renderMappingTemplate(template, request);
    renders += 1000;
  }
  return (renders / (performance.now() - start)) * 1000;
}

run(500); // warm-up
const rate = run(3000);
console.log(
  `guide's request template: ${Math.round(rate).toLocaleString('en-US')} renders/s (${(1e6 / rate).toFixed(1)} µs per render)`,
);
