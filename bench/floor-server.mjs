#!/usr/bin/env node
// The rungs under the app in bench/floor.mjs: one fixed JSON answer served three ways.
//
//   PORT=4002 node bench/floor-server.mjs node|fastify|nest <body.json>
//
// Every GET /lead answers the object in <body.json> (a lead as GET /api/v1/leads/{id} answered
// it), serialized with JSON.stringify on every request, so each rung pays the same for the body:
//   node     node:http alone: what any Node server pays for a request and its answer;
//   fastify  a bare Fastify instance with one route (Fastify's own cost on top);
//   nest     a bare Nest application on Nest's Fastify adapter, one controller, no guard, pipe or
//            hook of ours (Nest's own cost on top).
// It prints "floor server on <port>" when ready; bench/floor.mjs starts and stops it.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [, , mode, bodyFile] = process.argv;
if (!['node', 'fastify', 'nest'].includes(mode) || !bodyFile) {
  console.error('usage: floor-server.mjs node|fastify|nest <body.json>');
  process.exit(2);
}
const answer = JSON.parse(readFileSync(bodyFile, 'utf8'));
const port = Number(process.env.PORT ?? 4002);
const ready = () => console.log(`floor server on ${port}`);

if (mode === 'node') {
  createServer((req, res) => {
    if (req.url !== '/lead') return void res.writeHead(404).end();
    const body = JSON.stringify(answer);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
  }).listen(port, '127.0.0.1', ready);
} else if (mode === 'fastify') {
  const { default: fastify } = await import('fastify');
  const app = fastify({ logger: false });
  app.get('/lead', async () => answer);
  await app.listen({ port, host: '127.0.0.1' });
  ready();
} else {
  await import('reflect-metadata');
  const { Controller, Get, Module } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  // Decorators applied by hand: this file is plain JavaScript.
  class FloorController {
    lead() {
      return answer;
    }
  }
  Get()(FloorController.prototype, 'lead', Object.getOwnPropertyDescriptor(FloorController.prototype, 'lead'));
  Controller('lead')(FloorController);
  class FloorModule {}
  Module({ controllers: [FloorController] })(FloorModule);
  const app = await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: false });
  await app.listen(port, '127.0.0.1');
  ready();
}

// Exit normally on a signal, so `node --cpu-prof` writes its profile.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
