import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { readClosurePack } from '../src/installations/closure-pack/closure-pack-reader.js';
import type { InstallationResponseDto } from '../src/installations/dto/installation-response.dto.js';
import { binary } from './support/documents.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { INSTALLATIONS, reportedInstallation } from './support/installations.js';
import { createTeam, SlotSequence } from './support/surveys.js';
import { sharedS3Server, startTestApp, type TestApp, testStorageKind } from './support/test-app.js';

const KEYS = '/api/v1/closure-packs/signing-keys';
const KEY = '/api/v1/closure-packs/signing-key';
const VERIFY = '/api/v1/closure-packs/verify';

const ed25519 = () => generateKeyPairSync('ed25519');
const privatePem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
/** The key id as the README computes it: `openssl pkey -pubin -outform DER | sha256sum`. */
const keyIdOf = (key: KeyObject) => createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const base64 = (bytes: Buffer) => bytes.toString('base64');

describe('CLOSURE_PACK_PREVIOUS_PUBLIC_KEYS is checked at start-up', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'chargeops-keys-'));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  const env = (previous: string) => ({ JWT_SECRET: 'x'.repeat(32), CLOSURE_PACK_SIGNING_KEY: privatePem(ed25519().privateKey), CLOSURE_PACK_PREVIOUS_PUBLIC_KEYS: previous });

  it('takes Ed25519 public keys one after another, with \\n escapes as in a .env file', () => {
    const [a, b] = [ed25519().publicKey, ed25519().publicKey];
    const config = loadConfig(env(`${publicPem(a)}${publicPem(b)}`.replace(/\n/g, '\\n')), cwd);
    expect(config.closurePackPreviousPublicKeys).toEqual([publicPem(a), publicPem(b)]);
    expect(loadConfig(env(''), cwd).closurePackPreviousPublicKeys).toEqual([]);
  });

  it.each([
    ['text that is no key', 'my-old-key', /holds no PEM public key/],
    ['an RSA key', publicPem(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey), /key 1 of 1 must be an Ed25519 key, got rsa/],
    ['a private key', privatePem(ed25519().privateKey), /holds a private key/],
    ['a damaged block', '-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----', /key 1 of 1 is not a valid PEM public key/],
    ['text beside a key', `${publicPem(ed25519().publicKey)}and a note`, /has text outside its PEM public keys/],
  ])('refuses %s, naming the variable', (_what, value, message) => {
    let error: unknown;
    try {
      loadConfig(env(value), cwd);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('CLOSURE_PACK_PREVIOUS_PUBLIC_KEYS');
    expect((error as ConfigError).message).toMatch(/^Invalid configuration: CLOSURE_PACK_PREVIOUS_PUBLIC_KEYS /);
    expect((error as ConfigError).message).toMatch(message);
  });
});

describe('closure packs issued before a signing-key rotation still verify', () => {
  const oldKey = ed25519();
  const newKey = ed25519();
  let before: TestApp; // the server before the rotation: signs with the old key
  let after: TestApp; // the same database and storage after it: the new key, the old one's public key kept
  let ops: TestUser;
  let oldZip: Buffer;
  let newZip: Buffer;
  let bucketDir: string | undefined;

  const generate = async (t: TestApp, id: string): Promise<Buffer> => {
    const res = await request(t.server).post(`${INSTALLATIONS}/${id}/closure-pack`).set('Authorization', ops.auth);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return (await request(t.server).get(`${INSTALLATIONS}/${id}/closure-pack/content`).set('Authorization', ops.auth).buffer(true).parse(binary).expect(200)).body as Buffer;
  };
  const checkSignature = (t: TestApp, manifest: Buffer, signature: Buffer) => request(t.server).post(VERIFY).send({ manifest: base64(manifest), signature: base64(signature) });

  beforeAll(async () => {
    // One bucket for both servers when the suite runs on S3, as replicas share one.
    let storage: { STORAGE_URL: string } | undefined;
    if (testStorageKind === 's3') {
      const s3 = await sharedS3Server();
      const { bucket, storageUrl } = await s3.newBucket();
      bucketDir = join(s3.root, bucket);
      storage = { STORAGE_URL: storageUrl };
    }
    before = await startTestApp({ CLOSURE_PACK_SIGNING_KEY: privatePem(oldKey.privateKey), ...storage });
    await before.factory.loadPincodes();
    ops = await before.factory.user('central_ops');
    const oem = await before.factory.user('oem');
    const team = await createTeam(before, ops);
    const slots = new SlotSequence();
    const reported: InstallationResponseDto[] = [];
    for (let i = 0; i < 2; i++) reported.push((await reportedInstallation(before, oem, ops, team, slots)).installation);
    oldZip = await generate(before, reported[0].id);

    after = await startTestApp({
      DATABASE_URL: before.databaseUrl,
      JWT_SECRET: before.config.jwtSecret,
      ...(storage ?? { STORAGE_DIR: before.config.storageDir }),
      CLOSURE_PACK_SIGNING_KEY: privatePem(newKey.privateKey),
      CLOSURE_PACK_PREVIOUS_PUBLIC_KEYS: publicPem(oldKey.publicKey),
    });
    newZip = await generate(after, reported[1].id);
  });
  afterAll(async () => {
    await after?.close();
    await before?.close();
    if (bucketDir) rmSync(bucketDir, { recursive: true, force: true });
  });

  it('manifest.json names the key that signed it (SHA-256 of its SPKI DER, hex), and the signature covers that name', async () => {
    const oldPack = await readClosurePack(oldZip);
    const newPack = await readClosurePack(newZip);
    expect(oldPack.manifest.keyId).toBe(keyIdOf(oldKey.publicKey));
    expect(newPack.manifest.keyId).toBe(keyIdOf(newKey.publicKey));
    expect(verify(null, newPack.manifestBytes, newKey.publicKey, newPack.signature!)).toBe(true);
    // The key id swapped for another: the signature no longer checks.
    const swapped = Buffer.from(newPack.manifestBytes.toString('utf8').replace(newPack.manifest.keyId!, keyIdOf(oldKey.publicKey)));
    expect(verify(null, swapped, newKey.publicKey, newPack.signature!)).toBe(false);
    expect((await checkSignature(after, swapped, newPack.signature!).expect(200)).body).toMatchObject({ signatureValid: false, keyId: null, issued: false });
  });

  it('GET /closure-packs/signing-keys lists every key, the current one first, each with its id and PEM', async () => {
    const res = await request(after.server).get(KEYS).expect(200); // no credentials
    expect(res.body).toEqual({
      keys: [
        { keyId: keyIdOf(newKey.publicKey), current: true, publicKeyPem: publicPem(newKey.publicKey) },
        { keyId: keyIdOf(oldKey.publicKey), current: false, publicKeyPem: publicPem(oldKey.publicKey) },
      ],
    });
    expect((await request(before.server).get(KEYS).expect(200)).body).toEqual({ keys: [{ keyId: keyIdOf(oldKey.publicKey), current: true, publicKeyPem: publicPem(oldKey.publicKey) }] });
  });

  it("the offline check (README): the key named by manifest.json's keyId verifies a pack signed before the rotation; the current key alone would not", async () => {
    const pack = await readClosurePack(oldZip);
    const named = await request(after.server).get(KEY).query({ keyId: pack.manifest.keyId }).expect(200);
    expect(named.headers['content-type']).toMatch(/^application\/x-pem-file/);
    expect(verify(null, pack.manifestBytes, createPublicKey(named.text), pack.signature!)).toBe(true);
    // Without keyId the route answers the current key, as it always did: not the one that signed this pack.
    const current = await request(after.server).get(KEY).expect(200);
    expect(current.text).toBe(publicPem(newKey.publicKey));
    expect(verify(null, pack.manifestBytes, createPublicKey(current.text), pack.signature!)).toBe(false);
    expect((await request(after.server).get(KEY).query({ keyId: '' }).expect(200)).text).toBe(current.text);
    // Upper-case hex is the same id.
    expect((await request(after.server).get(KEY).query({ keyId: pack.manifest.keyId!.toUpperCase() }).expect(200)).text).toBe(named.text);
  });

  it('GET /closure-packs/signing-key?keyId= answers 404 for a key it never had and 400 naming keyId for a malformed one', async () => {
    expectProblem(await request(after.server).get(KEY).query({ keyId: keyIdOf(ed25519().publicKey) }), 404, { code: 'CLOSURE_PACK_KEY_NOT_FOUND' });
    expectProblem(await request(after.server).get(KEY).query({ keyId: 'abc' }), 400, { field: 'keyId' });
  });

  it('POST /closure-packs/verify accepts packs signed with the current or a previous key, says which key verified, and whether the pack was issued here', async () => {
    for (const [zip, key] of [
      [oldZip, oldKey.publicKey],
      [newZip, newKey.publicKey],
    ] as const) {
      const pack = await readClosurePack(zip);
      const res = await checkSignature(after, pack.manifestBytes, pack.signature!).expect(200);
      expect(res.body).toEqual({
        signatureValid: true,
        keyId: keyIdOf(key),
        manifestKeyId: keyIdOf(key),
        issued: true,
        packId: expect.any(String),
        installationId: pack.manifest.installationId,
        generatedAt: pack.manifest.generatedAt,
        zipSha256: sha256(zip),
        manifestSha256: sha256(pack.manifestBytes),
      });
    }
    // The server before the rotation does not know the new key.
    const pack = await readClosurePack(newZip);
    expect((await checkSignature(before, pack.manifestBytes, pack.signature!).expect(200)).body).toMatchObject({ signatureValid: false, keyId: null, issued: true });
  });

  it('a pack whose manifest names no key (issued before key ids) is checked against every known key', async () => {
    const manifest = JSON.parse((await readClosurePack(oldZip)).manifestBytes.toString('utf8')) as Record<string, unknown>;
    delete manifest.keyId;
    const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    const res = await checkSignature(after, bytes, sign(null, bytes, oldKey.privateKey)).expect(200);
    expect(res.body).toEqual({ signatureValid: true, keyId: keyIdOf(oldKey.publicKey), manifestKeyId: null, issued: false });
    // Signed by a key this server never had: no key verifies it.
    expect((await checkSignature(after, bytes, sign(null, bytes, ed25519().privateKey)).expect(200)).body).toEqual({ signatureValid: false, keyId: null, manifestKeyId: null, issued: false });
  });

  it('POST /closure-packs/verify answers 400 naming the field for a signature that is not 64 bytes, a manifest that is not JSON, or no base64', async () => {
    const pack = await readClosurePack(newZip);
    expectProblem(await checkSignature(after, pack.manifestBytes, pack.signature!.subarray(0, 32)), 400, { field: 'signature' });
    expectProblem(await checkSignature(after, pack.entries.get('summary.pdf')!, pack.signature!), 400, { field: 'manifest' });
    expectProblem(await request(after.server).post(VERIFY).send({ manifest: 'not base64!', signature: base64(pack.signature!) }), 400, { field: 'manifest' });
    expectProblem(await request(after.server).post(VERIFY).send({ manifest: base64(pack.manifestBytes) }), 400, { field: 'signature' });
  });
});
