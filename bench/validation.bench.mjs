#!/usr/bin/env node
// The global validation pipe with and without the validation plans (issue #13 item 4,
// src/common/validation-plans.ts), in process, on the built app (bench/results/build, built when
// older than src/) as production loads it:
//
//   node bench/validation.bench.mjs            VALIDATION_CALLS (20000) per round, VALIDATION_ROUNDS (5)
//
// "class-validator" is Nest's ValidationPipe with the app's options (the rule lookup memoized as the
// app's is); "plans" is the app's pipe. The rounds alternate the two; each prints µs per call, and the
// median of the rounds is the figure. A valid value is judged by the plan alone; an invalid one goes
// to class-validator for its messages after the plan refused it (the last case: what a refusal costs).
import { ensureBuilt, builtModule } from './lib.mjs';

process.env.NODE_ENV = 'production';
ensureBuilt();
const { ValidationPipe } = await import('@nestjs/common');
const { createValidationPipe, validationPipeOptions } = await builtModule('common/validation.js');
const { CreateLeadDto, LeadQueryDto } = await builtModule('leads/dto/lead.dto.js');

const calls = Number(process.env.VALIDATION_CALLS ?? 20_000);
const rounds = Number(process.env.VALIDATION_ROUNDS ?? 5);
const planned = createValidationPipe();
// The app's options, without the plans.
const plain = new ValidationPipe(validationPipeOptions());

const lead = { externalRef: 'BENCH-1', customerName: 'Asha Rao', customerPhone: '+919812345678', customerEmail: 'asha@example.in', addressLine1: '12 MG Road', addressLine2: 'Near the park', city: 'Pune', state: 'MH', pincode: '411001', sourceId: 1, chargerModel: 'AC 7.4 kW', latitude: 18.52, longitude: 73.85 };
const cases = [
  { name: 'GET /leads?limit=50 (query)', value: () => ({ limit: '50' }), metadata: { type: 'query', metatype: LeadQueryDto } },
  { name: 'GET /leads?status=new&state=IN-MH&limit=50 (query)', value: () => ({ status: 'new', state: 'IN-MH', limit: '50' }), metadata: { type: 'query', metatype: LeadQueryDto } },
  { name: 'POST /leads (body)', value: () => ({ ...lead }), metadata: { type: 'body', metatype: CreateLeadDto } },
  { name: 'GET /leads?limit=500 (query, refused)', value: () => ({ limit: '500' }), metadata: { type: 'query', metatype: LeadQueryDto }, refused: true },
];

/** µs per call of `pipe.transform` over `calls` calls (a refusal is caught, as Nest catches it). */
async function timeOf(pipe, { value, metadata, refused }) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i += 1) {
    if (refused) await pipe.transform(value(), metadata).then(() => { throw new Error('accepted a value meant to be refused'); }, () => undefined);
    else await pipe.transform(value(), metadata);
  }
  return Number(process.hrtime.bigint() - started) / calls / 1000;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`Validation pipe, ${rounds} rounds × ${calls} calls, Node ${process.version}; µs per call (median of the rounds)`);
console.log('| case | class-validator | plans |');
console.log('|---|---:|---:|');
for (const testCase of cases) {
  await timeOf(plain, { ...testCase }); // warm-up of both, so neither round order favours one
  await timeOf(planned, { ...testCase });
  const times = { plain: [], planned: [] };
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? ['plain', 'planned'] : ['planned', 'plain'];
    for (const which of order) times[which].push(await timeOf(which === 'plain' ? plain : planned, testCase));
  }
  console.log(`| ${testCase.name} | ${median(times.plain).toFixed(1)} | ${median(times.planned).toFixed(1)} |`);
}
