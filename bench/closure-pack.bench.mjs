#!/usr/bin/env node
// Closure-pack benchmark (issue #16, item 6): builds the pack of a realistic installation with six
// site and installation photos of about 8 MB each (JPEGs of a painted site scene under camera-like
// noise, so they do not compress away), through the BUILT builder (dist/), into a temporary
// local-disk storage, and prints the summary.pdf size, the ZIP size and the time of the build.
// The PDF must stay under 3 MB and the build under 2 s: the script exits 1 when either does not.
//
//   npm run build && node bench/closure-pack.bench.mjs            (or: npm run bench:closure-pack)
//   node bench/closure-pack.bench.mjs --samples                    also writes docs/closure-pack-page-{1,2}.png
//   BENCH_RUNS=5 node bench/closure-pack.bench.mjs                 more timed runs (the median is reported)
//
// The samples are rendered by pdftoppm (poppler-utils) at 80 dpi from the same pack.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SAMPLES = process.argv.includes('--samples');
if (!existsSync(join(ROOT, 'dist', 'installations', 'closure-pack', 'closure-pack-builder.js'))) {
  console.error('Build first: npm run build');
  process.exit(2);
}
const { buildClosurePack } = await import(join(ROOT, 'dist/installations/closure-pack/closure-pack-builder.js'));
const { readClosurePack } = await import(join(ROOT, 'dist/installations/closure-pack/closure-pack-reader.js'));
const { LocalDiskStorage } = await import(join(ROOT, 'dist/documents/storage/local-disk.storage.js'));
const { encodePng, sitePhotoPainter, signaturePainter } = await import(join(ROOT, 'dist/cli/demo-files.js'));

/** A ~8 MB, 12-megapixel JPEG: a painted scene scaled up, under gaussian noise like a phone sensor's at dusk. */
async function photo(seed) {
  const [width, height] = [4000, 3000];
  const scene = await sharp(encodePng(200, 150, sitePhotoPainter(200, 150, seed))).resize(width, height, { kernel: 'cubic' }).raw().toBuffer();
  const noise = await sharp({ create: { width, height, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 46 } } }).raw().toBuffer();
  for (let i = 0; i < scene.length; i++) scene[i] = Math.max(0, Math.min(255, scene[i] + noise[i] - 128));
  return sharp(scene, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

const dir = mkdtempSync(join(tmpdir(), 'closure-pack-bench-'));
try {
  const storage = new LocalDiskStorage({ storageDir: dir });
  const put = async (bytes, contentType, path, prefix = 'media') => {
    const stored = await storage.put(Readable.from([bytes]), { prefix });
    return { path, storageKey: stored.key, sizeBytes: stored.sizeBytes, sha256: stored.sha256, contentType };
  };
  const captions = [
    ['Site', 'Parking bay B-12, wall by the meter room'],
    ['Site', 'Meter box and main switch'],
    ['Installation', 'Charger mounted on the pillar, 1.2 m high'],
    ['Installation', 'Cable tray along the ramp'],
    ['Installation', 'MCB and RCD in the distribution board'],
    ['Installation', 'First charging session with the customer'],
  ];
  const files = [];
  const photos = [];
  for (const [i, [section, caption]] of captions.entries()) {
    const jpeg = await photo(i + 3);
    const file = await put(jpeg, 'image/jpeg', `${section === 'Site' ? 'survey' : 'installation'}-media/${String(i + 1).padStart(2, '0')}-photo-IMG_20261120_${1000 + i}.jpg`);
    files.push(file);
    photos.push({ storageKey: file.storageKey, caption, section, takenAt: new Date(Date.UTC(2026, 10, section === 'Site' ? 10 : 20, 5, 10 + i * 7)) });
  }
  const signaturePng = encodePng(600, 240, signaturePainter(600, 240, 11));
  const signature = await put(signaturePng, 'image/png', 'signature/customer-signature.png', 'signatures');
  files.push(signature);
  const photoBytes = files.filter((f) => f.contentType === 'image/jpeg').map((f) => f.sizeBytes);

  const packId = '6b1f7c52-0a8e-4d0b-9a51-3c2f8e7d9a10';
  const at = (day, h, m) => new Date(Date.UTC(2026, 10, day, h - 5, m - 30));
  const summary = {
    packId,
    generatedAt: at(21, 14, 5),
    verifyUrl: `https://chargeops.example.in/api/v1/closure-packs/verify?packId=${packId}`,
    lead: {
      id: '3f0c7c1e-5d7a-4a52-9d0e-2b8f7a6c1d11',
      customerName: 'अनिता शर्मा',
      customerPhone: '+919812345678',
      customerEmail: 'anita.sharma@example.in',
      addressLine1: 'फ्लैट 402, लेक व्यू अपार्टमेंट्स',
      addressLine2: 'Baner Road',
      city: 'Pune',
      state: 'Maharashtra',
      pincode: '411045',
      oemName: 'Voltra Motors India',
      externalRef: 'VOL-88213',
      createdAt: at(2, 10, 0),
    },
    survey: {
      surveyId: 'SRV-2026-000042',
      scheduledDate: '2026-11-10',
      scheduledTimeSlot: '09-12',
      teamName: 'Field team Pune South',
      report: {
        parkingType: 'basement',
        supplyPhase: 'single',
        sanctionedLoadKw: 5.5,
        earthingAvailable: true,
        meterToChargerDistanceM: 12.5,
        cableLengthM: 15,
        civilWorkRequired: false,
        recommendedChargerModel: 'Voltra Home 7.4 kW',
        feasible: true,
        notes: 'Meter room on basement level 1; a 15 m run in a cable tray along the ramp. Society NOC on file.',
        submittedAt: at(10, 11, 40),
      },
    },
    installation: {
      installationId: 'INS-2026-000123',
      scheduledDate: '2026-11-20',
      scheduledTimeSlot: '12-15',
      teamName: 'Field team Pune South',
      doneOn: { startedAt: at(20, 12, 10), completedAt: at(20, 14, 15) },
      report: {
        chargerSerialNumber: 'VH74-2026-QX81734',
        chargerModel: 'Voltra Home 7.4 kW',
        installationSuccessful: true,
        demoGiven: true,
        issuesEncountered: '',
        generalNotes: 'Customer shown the app pairing and the emergency stop.',
        submittedAt: at(20, 14, 20),
      },
    },
    photos,
    signature: { storageKey: signature.storageKey, contentType: 'image/png' },
    timeline: [
      [at(2, 10, 0), 'Lead received', 'Voltra Motors India (API)', null],
      [at(2, 11, 15), 'Customer contacted', 'Central Ops', null],
      [at(3, 9, 40), 'Documents requested', 'Central Ops', null],
      [at(4, 18, 5), 'Document received: electricity bill', 'Voltra Motors India', 'bill-oct-2026.pdf'],
      [at(4, 18, 6), 'Document received: location photo', 'Voltra Motors India', 'parking.jpg'],
      [at(4, 18, 6), 'Documents received', 'ChargeOps', null],
      [at(5, 10, 30), 'Survey scheduled', 'Central Ops', 'SRV-2026-000042'],
      [at(10, 16, 0), 'Survey approved', 'Central Ops', 'SRV-2026-000042'],
      [at(11, 9, 0), 'Installation scheduled', 'Central Ops', 'INS-2026-000123'],
      [at(20, 14, 20), 'Installation completed', 'Field team Pune South', 'INS-2026-000123'],
      [at(21, 14, 5), 'Closure pack generated', 'Central Ops', 'INS-2026-000123'],
      [at(21, 14, 5), 'Closed: closure pack issued', 'Central Ops', 'INS-2026-000123'],
    ].map(([when, label, actorName, detail]) => ({ at: when, label, actorName, detail })),
  };
  const { privateKey } = generateKeyPairSync('ed25519');
  const options = { prefix: 'closure-packs', sign: (bytes) => sign(null, bytes, privateKey) };

  const times = [];
  const cpuTimes = [];
  let built;
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    built = await buildClosurePack(storage, summary, files, options);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
    if (run < RUNS - 1) await storage.delete(built.key);
  }
  const pack = await readClosurePack(await buffer(await storage.stream(built.key)));
  const pdf = pack.entries.get('summary.pdf');
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  const mb = (n) => (n / 1e6).toFixed(2);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log(`photos: ${photoBytes.length} JPEGs of ${photoBytes.map(mb).join(', ')} MB (4000 × 3000)`);
  console.log(`summary.pdf: ${mb(pdf.length)} MB; ZIP ${mb(built.sizeBytes)} MB; problems: ${pack.problems.length}`);
  console.log(`build time (${RUNS} runs, ms): ${times.map((t) => t.toFixed(0)).join(', ')}; median ${median.toFixed(0)} ms`);
  // CPU time of this process, libvips' and libuv's threads included: what other load on the machine moves least.
  console.log(`CPU time per build (ms): ${cpuTimes.map((t) => t.toFixed(0)).join(', ')}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  if (SAMPLES) {
    const file = join(dir, 'summary.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '2', file, join(dir, 'page')]);
    for (const page of [1, 2]) {
      const rendered = [`page-${page}.png`, `page-0${page}.png`].map((n) => join(dir, n)).find(existsSync);
      writeFileSync(join(ROOT, 'docs', `closure-pack-page-${page}.png`), readFileSync(rendered));
    }
    console.log('wrote docs/closure-pack-page-1.png, docs/closure-pack-page-2.png');
  }
  if (pdf.length >= 3e6 || median >= 2000) {
    console.error('over budget: summary.pdf must stay under 3 MB and the build under 2 s');
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
