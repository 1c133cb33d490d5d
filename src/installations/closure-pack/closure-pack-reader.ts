import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import yauzl from 'yauzl';
import { type ClosurePackManifest, MANIFEST_PATH, SIGNATURE_PATH } from './closure-pack-builder.js';

/** A closure pack as read back: every file entry's bytes by path, the manifest, and what does not add up. */
export interface ReadClosurePack {
  entries: Map<string, Buffer>;
  manifest: ClosurePackManifest;
  /** manifest.json's bytes, as signed. */
  manifestBytes: Buffer;
  /** manifest.sig (the server's Ed25519 signature of manifest.json), when the pack has one. */
  signature: Buffer | undefined;
  /** Empty when the pack is consistent; otherwise one sentence per problem. */
  problems: string[];
}

/**
 * Unzips a closure pack (DESIGN.md §4 ClosurePack, issue #5) and checks it against its
 * manifest.json: every listed file is in the ZIP with the listed size and SHA-256, and every ZIP
 * entry but manifest.json and manifest.sig is listed. The signature itself is checked by the
 * caller, who has the public key (`crypto.verify(null, manifestBytes, key, signature)`; the key
 * `manifest.keyId` names, or any known key for a pack without one). For the CLI and tests that verify a downloaded pack; the
 * whole ZIP is in memory, as `zip` already is.
 * @throws when `zip` is not a ZIP (or has an unsafe entry name, which yauzl refuses), or has no
 *         manifest.json of the expected shape: then it is not a closure pack at all
 */
export async function readClosurePack(zip: Buffer): Promise<ReadClosurePack> {
  const entries = new Map<string, Buffer>();
  const problems: string[] = [];
  const zipFile = await yauzl.fromBufferPromise(zip, { lazyEntries: true, strictFileNames: true });
  for await (const entry of zipFile.eachEntry()) {
    if (entry.fileName.endsWith('/')) continue; // a folder entry holds no bytes
    if (entries.has(entry.fileName)) problems.push(`${entry.fileName} is in the ZIP twice`);
    try {
      entries.set(entry.fileName, await buffer(await zipFile.openReadStreamPromise(entry)));
    } catch (error) {
      // A damaged entry (bad deflate data, wrong size) is one problem; the others are still checked.
      problems.push(`${entry.fileName} cannot be unzipped: ${(error as Error).message}`);
    }
  }

  const manifestBytes = entries.get(MANIFEST_PATH);
  if (!manifestBytes) throw new Error(`Not a closure pack: the ZIP has no ${MANIFEST_PATH}`);
  const manifest = parseManifest(manifestBytes);

  const listed = new Set<string>();
  for (const file of manifest.files) {
    if (listed.has(file.path)) problems.push(`${file.path} is listed twice in ${MANIFEST_PATH}`);
    listed.add(file.path);
    const bytes = entries.get(file.path);
    if (!bytes) {
      problems.push(`${file.path} is listed in ${MANIFEST_PATH} but not in the ZIP`);
      continue;
    }
    if (bytes.length !== file.sizeBytes) problems.push(`${file.path} has ${bytes.length} bytes, ${MANIFEST_PATH} says ${file.sizeBytes}`);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== file.sha256) problems.push(`${file.path} has SHA-256 ${actual}, ${MANIFEST_PATH} says ${file.sha256}`);
  }
  for (const path of entries.keys()) {
    if (path !== MANIFEST_PATH && path !== SIGNATURE_PATH && !listed.has(path)) problems.push(`${path} is in the ZIP but not listed in ${MANIFEST_PATH}`);
  }
  return { entries, manifest, manifestBytes, signature: entries.get(SIGNATURE_PATH), problems };
}

/** The manifest, checked for the shape {@link ClosurePackManifest} promises. */
function parseManifest(bytes: Buffer): ClosurePackManifest {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new Error(`Not a closure pack: ${MANIFEST_PATH} is not JSON`, { cause: error });
  }
  const m = value as Partial<ClosurePackManifest> | null;
  const isFile = (f: unknown) => {
    const file = f as Record<string, unknown> | null;
    return (
      typeof file?.path === 'string' &&
      Number.isSafeInteger(file.sizeBytes) &&
      typeof file.sha256 === 'string' &&
      typeof file.contentType === 'string'
    );
  };
  if (
    typeof m?.installationId !== 'string' ||
    typeof m.leadId !== 'string' ||
    typeof m.generatedAt !== 'string' ||
    (m.keyId !== undefined && typeof m.keyId !== 'string') ||
    !Array.isArray(m.files) ||
    !m.files.every(isFile)
  ) {
    throw new Error(`Not a closure pack: ${MANIFEST_PATH} does not have installationId, leadId, generatedAt, files (path, sizeBytes, sha256, contentType) and, if any, a keyId string`);
  }
  return m as ClosurePackManifest;
}
