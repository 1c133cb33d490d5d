#!/usr/bin/env node
// Upload benchmark (issue #3): streams a video-sized file (100 MiB by default) through
// POST /api/v1/leads/{id}/documents of the BUILT server (node dist/main.js, a temporary SQLite
// database and storage directory), then downloads it again, and prints the throughput and the
// server's peak RSS growth during each transfer. The upload must not grow the server's RSS by
// 64 MiB or more (it streams; nothing is held whole): the script exits 1 when it does.
//
//   npm run build && node bench/upload.bench.mjs          (or: npm run bench:upload)
//   BENCH_UPLOAD_MB=200 node bench/upload.bench.mjs        another size, in MiB
//   BENCH_STORAGE=s3 node bench/upload.bench.mjs            into an S3 bucket (s3rver, scripts/s3rver.mjs) instead of the local disk
//
// The documents limit (10 MiB) is raised for this run with UPLOAD_LIMIT_DOCUMENT_BYTES: the
// route and code path are the ones survey/installation videos will use. RSS is sampled from
// /proc/<pid>/status every 5 ms; VmHWM (the kernel's high-water mark) catches a peak between samples.
import { spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startS3rver } from './lib.mjs';

const MIB = 1024 * 1024;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIZE_MIB = Number(process.env.BENCH_UPLOAD_MB ?? 100);
const SIZE = SIZE_MIB * MIB;
const RSS_BUDGET_MIB = 64;
const STORAGE = process.env.BENCH_STORAGE === 's3' ? 's3' : 'local';
const ADMIN = { email: 'bench-upload@bench.chargeops.example', password: randomBytes(12).toString('hex') };

if (!existsSync(join(ROOT, 'dist', 'main.js'))) {
  console.error('dist/main.js is missing: run `npm run build` first (or `npm run bench:upload`)');
  process.exit(2);
}
if (platform() !== 'linux') {
  console.error('This benchmark reads /proc/<pid>/status and runs on Linux only');
  process.exit(2);
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** VmRSS and VmHWM of `pid` in bytes. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
}

/** Samples the server's memory every 5 ms until stopped; returns the peak RSS seen and the high-water marks. */
function sampleMemory(pid) {
  const start = memory(pid);
  let peak = start.rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, memory(pid).rss);
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      const end = memory(pid);
      peak = Math.max(peak, end.rss);
      // A new high-water mark means a peak we may have sampled around; count it.
      if (end.hwm > start.hwm) peak = Math.max(peak, end.hwm);
      return { baseline: start.rss, peak, growth: peak - start.rss };
    },
  };
}

async function api(base, method, path, { token, body } = {}) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body && { 'content-type': 'application/json' }) },
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function waitForHealth(base, server) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not become healthy within 60 s');
}

/**
 * Streams a multipart upload of `size` bytes (a PDF header, then 1 MiB of random bytes repeated)
 * with backpressure, hashing what it sends. Resolves with the answer, the client-side SHA-256 and
 * the elapsed seconds (from the first byte sent to the last byte of the answer).
 */
function streamUpload(base, token, leadId, size) {
  const boundary = `----chargeops-bench-${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="documentType"\r\n\r\nother\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="site-walkthrough.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  // Never modified once created: the request may still hold a written chunk when the next is made.
  const block = randomBytes(MIB);
  const first = Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), block.subarray(9)]);
  const hash = createHash('sha256');
  const url = new URL(`${base}/api/v1/leads/${leadId}/documents`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + size + tail.length },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: text, sha256: hash.digest('hex'), seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
    });
    req.write(head);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const chunk = (sent === 0 ? first : block).subarray(0, Math.min(MIB, size - sent));
        hash.update(chunk);
        sent += chunk.length;
        if (sent >= size) {
          req.end(Buffer.concat([chunk, tail]));
          return;
        }
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

/** Downloads a document, hashing it as it arrives. */
function streamDownload(base, token, path) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const hash = createHash('sha256');
    let bytes = 0;
    request(new URL(`${base}/api/v1${path}`), { headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.on('data', (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode, bytes, sha256: hash.digest('hex'), seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const mib = (bytes) => (bytes / MIB).toFixed(1);

/** s3rver (bench/lib.mjs) with a bucket; resolves with the server's STORAGE_URL settings and a stop(). */
async function startS3(dir) {
  const server = await startS3rver(join(dir, 's3'));
  // CreateBucket is a bare PUT on the bucket's path: s3rver does not check signatures.
  const created = await fetch(`${server.endpoint}/bench-uploads`, { method: 'PUT' });
  if (!created.ok) throw new Error(`s3rver: CreateBucket answered ${created.status}`);
  return {
    env: { STORAGE_URL: `s3://bench-uploads?endpoint=${server.endpoint}&region=us-east-1&forcePathStyle=true`, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' },
    stop: () => server.stop(),
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'chargeops-upload-bench-'));
  const s3 = STORAGE === 's3' ? await startS3(dir) : null;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`,
      DATA_DIR: dir,
      STORAGE_DIR: join(dir, 'storage'),
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      UPLOAD_LIMIT_DOCUMENT_BYTES: String(SIZE + MIB),
      STORAGE_SWEEP_INTERVAL_SECONDS: '0',
      CLOSURE_PACK_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      ...s3?.env,
    },
  });
  try {
    await waitForHealth(base, server);
    const { accessToken: token } = await api(base, 'POST', '/auth/login', { body: ADMIN });
    const oem = await api(base, 'POST', '/users', { token, body: { email: 'bench-oem@bench.chargeops.example', password: ADMIN.password, fullName: 'Bench OEM', role: 'oem' } });
    const lead = await api(base, 'POST', '/leads', {
      token,
      body: { oemId: oem.id, customerName: 'Bench Customer', customerPhone: '9812345678', addressLine1: '14 MG Road', city: 'Pune', state: 'Maharashtra', pincode: '411001' },
    });
    // Warm-up: the first upload loads lazily imported code (file-type) and fills caches.
    const warm = await streamUpload(base, token, lead.id, MIB);
    if (warm.status !== 201) throw new Error(`warm-up upload answered ${warm.status}: ${warm.body}`);

    const upMemory = sampleMemory(server.pid);
    const up = await streamUpload(base, token, lead.id, SIZE);
    const upRss = upMemory.stop();
    if (up.status !== 201) throw new Error(`upload answered ${up.status}: ${up.body}`);
    const document = JSON.parse(up.body);
    if (document.file.sha256 !== up.sha256 || document.file.sizeBytes !== SIZE) {
      throw new Error(`the server stored ${document.file.sizeBytes} bytes with SHA-256 ${document.file.sha256}; sent ${SIZE} with ${up.sha256}`);
    }

    const downMemory = sampleMemory(server.pid);
    const down = await streamDownload(base, token, `/leads/${lead.id}/documents/${document.id}/content`);
    const downRss = downMemory.stop();
    if (down.status !== 200 || down.sha256 !== up.sha256) throw new Error(`download answered ${down.status} with ${down.bytes} bytes, SHA-256 ${down.sha256}`);

    const cpu = cpus();
    console.log(`Upload benchmark: ${SIZE_MIB} MiB through POST /leads/{id}/documents (built server, SQLite, ${STORAGE === 's3' ? 'S3 storage on s3rver' : 'local-disk storage'})`);
    console.log(`Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${mib(totalmem())} MiB RAM, ${platform()} ${release()}, Node ${process.version}`);
    console.log(`  upload    ${up.seconds.toFixed(2)} s  ${(SIZE_MIB / up.seconds).toFixed(1)} MiB/s  server RSS ${mib(upRss.baseline)} → peak ${mib(upRss.peak)} MiB (growth ${mib(upRss.growth)} MiB, budget < ${RSS_BUDGET_MIB})`);
    console.log(`  download  ${down.seconds.toFixed(2)} s  ${(SIZE_MIB / down.seconds).toFixed(1)} MiB/s  server RSS ${mib(downRss.baseline)} → peak ${mib(downRss.peak)} MiB (growth ${mib(downRss.growth)} MiB)`);
    console.log(`  stored and downloaded SHA-256 equal the sent one: ${up.sha256}`);
    if (upRss.growth >= RSS_BUDGET_MIB * MIB) {
      console.error(`FAIL: the upload grew the server's RSS by ${mib(upRss.growth)} MiB (budget < ${RSS_BUDGET_MIB} MiB)`);
      process.exitCode = 1;
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', resolve)));
    await s3?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
