import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClosurePack } from '../src/installations/closure-pack/closure-pack-reader.js';
import { MAX_ENTRY_NAME_CHARS, packEntryName } from '../src/installations/closure-pack/entry-name.js';
import { binary, SAMPLES, uploaded } from './support/documents.js';
import type { TestUser } from './support/factory.js';
import { INSTALLATIONS, reportedInstallation } from './support/installations.js';
import { createTeam, SlotSequence } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** What Windows Explorer cannot create: a reserved character or a control character anywhere, a dot or space at the end. */
// eslint-disable-next-line no-control-regex
const NOT_ON_WINDOWS = /[<>:"|?*\\\u0000-\u001f]|[. ]$/;

describe('closure pack entry names extract on Windows', () => {
  let t: TestApp;
  let ops: TestUser;
  let oem: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    ops = await t.factory.user('central_ops');
    oem = await t.factory.user('oem');
  });
  afterAll(() => t.close());

  it('a document named with characters Windows refuses, and long names, become entries Windows extracts, listed by the manifest as they are in the ZIP', async () => {
    const { installation } = await reportedInstallation(t, oem, ops, await createTeam(t, ops), new SlotSequence());
    const long = 'Electricity bill for the flat on the fourth floor, Kothrud, Pune, with the meter reading of ';
    const names = ['bill "March": 2026?.pdf', '<draft>|v2*.pdf', `${long}March.pdf`, `${long}April.pdf`, `${'बिजली बिल मार्च '.repeat(12)}.pdf`];
    for (const filename of names) {
      const document = await uploaded(t, { Authorization: oem.auth }, installation.leadId, { documentType: 'other', file: SAMPLES.pdf.bytes, filename });
      expect(document.file.originalName).toBe(filename); // legal on Android, Linux and macOS: stored as sent
    }
    const generated = await request(t.server).post(`${INSTALLATIONS}/${installation.id}/closure-pack`).set('Authorization', ops.auth);
    expect(generated.status, JSON.stringify(generated.body)).toBe(201);
    const zip = (await request(t.server).get(`${INSTALLATIONS}/${installation.id}/closure-pack/content`).set('Authorization', oem.auth).buffer(true).parse(binary).expect(200)).body as Buffer;
    const pack = await readClosurePack(zip);

    // Every entry is listed under its own name, and every listed path is an entry.
    expect(pack.problems).toEqual([]);
    const listed = pack.manifest.files.map((f) => f.path);
    expect([...pack.entries.keys()].filter((path) => path !== 'manifest.json' && path !== 'manifest.sig').sort()).toEqual([...listed].sort());
    for (const path of listed) {
      const name = path.split('/').at(-1)!;
      expect(name, path).not.toMatch(NOT_ON_WINDOWS);
      expect(name.length, path).toBeLessThanOrEqual(MAX_ENTRY_NAME_CHARS);
      expect(Buffer.byteLength(name, 'utf8'), path).toBeLessThanOrEqual(255);
    }
    const documents = listed.filter((path) => path.startsWith('lead-documents/'));
    expect(documents.slice(0, 2)).toEqual(['lead-documents/01-other-bill _March__ 2026_.pdf', 'lead-documents/02-other-_draft__v2_.pdf']);
    // Shortened, each keeps its extension, and the two names alike up to their cut stay apart (also as Windows compares, ignoring case).
    expect(documents.slice(2).map((path) => path.slice(0, 'lead-documents/03-other-Electricity bill'.length))).toEqual([
      'lead-documents/03-other-Electricity bill',
      'lead-documents/04-other-Electricity bill',
      expect.stringMatching(/^lead-documents\/05-other-बिजली/),
    ]);
    for (const path of documents) expect(path).toMatch(/\.pdf$/);
    expect(new Set(listed.map((path) => path.toLowerCase())).size).toBe(listed.length);
    for (const path of documents) expect(pack.entries.get(path)).toEqual(SAMPLES.pdf.bytes);
  });

  it.each([
    ['a trailing dot and space (Windows drops them)', 'scan copy. ', '01-other-scan copy__'],
    ['control characters (a name stored before uploads were sanitised)', 'bill\u0007\u001f\u0085.pdf', '01-other-bill___.pdf'],
    ['separators', 'a/b\\c.pdf', '01-other-a_b_c.pdf'],
    ['a name that fits', 'electricity-bill.pdf', '01-other-electricity-bill.pdf'],
  ])('packEntryName replaces %s', (_what, name, expected) => {
    expect(packEntryName('01-other-', name)).toBe(expected);
  });

  it('packEntryName cuts a long name by whole code points before its extension, to 100 UTF-16 units and 255 UTF-8 bytes', () => {
    const emoji = packEntryName('01-photo-', `${'🔌'.repeat(80)}.jpeg`);
    expect(emoji).toBe(`01-photo-${'🔌'.repeat(43)}.jpeg`); // 9 + 86 + 5 units: no half surrogate pair
    const devanagari = packEntryName('01-photo-', `${'बि'.repeat(60)}.jpeg`);
    expect(devanagari.endsWith('.jpeg')).toBe(true);
    expect(Buffer.byteLength(devanagari, 'utf8')).toBeLessThanOrEqual(255);
    expect(Buffer.byteLength(devanagari, 'utf8')).toBeGreaterThan(250);
    // No extension to keep: a dot opening the name, or one followed by more than 16 characters.
    expect(packEntryName('01-other-', `.${'x'.repeat(200)}`)).toBe(`01-other-.${'x'.repeat(90)}`);
    expect(packEntryName('01-other-', `${'y'.repeat(100)}.${'z'.repeat(20)}`)).toBe(`01-other-${'y'.repeat(91)}`);
    // A cut ending in a space or dot: the end becomes `_`.
    expect(packEntryName('01-other-', `${'a'.repeat(90)}.${' '.repeat(30)}b`)).toBe(`01-other-${'a'.repeat(90)}_`);
  });
});
