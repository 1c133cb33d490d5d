import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConfig } from '../../config/app-config.module.js';
import type { AppConfig } from '../../config/config.js';

/** A public key that checks closure packs' `manifest.sig`: its key id, its SPKI PEM, and whether it signs new packs. */
export interface ClosurePackPublicKey {
  /** {@link closurePackKeyId}: 64 lower-case hex digits. */
  keyId: string;
  /** SPKI PEM, `-----BEGIN PUBLIC KEY-----…`. */
  publicKeyPem: string;
  /** True for the key of `CLOSURE_PACK_SIGNING_KEY`, which signs new packs; false for a previous one. */
  current: boolean;
}

/**
 * A closure-pack key's id: the SHA-256 of its public key's SPKI DER encoding (RFC 5280
 * SubjectPublicKeyInfo), lower-case hex, 64 digits. Hex, so that a shell computes it from the
 * PEM the server serves: `openssl pkey -pubin -in key.pem -outform DER | sha256sum`.
 */
export function closurePackKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/**
 * The server's closure-pack keys (issue #16, item 4): Ed25519 (RFC 8032). New packs are signed
 * with `CLOSURE_PACK_SIGNING_KEY`; `manifest.sig` is the 64-byte signature of manifest.json's
 * bytes, raw, as `openssl pkeyutl -verify -rawin -sigfile` and Node's `crypto.verify(null, …)`
 * read it, and manifest.json names the key by its id ({@link closurePackKeyId}). The public keys
 * of keys used before a rotation (`CLOSURE_PACK_PREVIOUS_PUBLIC_KEYS`) still check the packs they
 * signed: every key is served at `GET /api/v1/closure-packs/signing-keys` (current first) and by id
 * at `GET /api/v1/closure-packs/signing-key?keyId=`.
 */
@Injectable()
export class ClosurePackSigning {
  private readonly privateKey: KeyObject;
  /** The key id of the current key, which signs new packs. */
  readonly keyId: string;
  /** SPKI PEM of the current public key, `-----BEGIN PUBLIC KEY-----…`. */
  readonly publicKeyPem: string;
  /** Every known public key, the current one first, then the previous ones as configured; no key twice. */
  readonly keys: readonly ClosurePackPublicKey[];
  private readonly publicKeys = new Map<string, KeyObject>();

  /** @throws when a configured key is not PEM (loadConfig has checked them: Ed25519 private key, Ed25519 public keys) */
  constructor(@InjectConfig() config: AppConfig) {
    this.privateKey = createPrivateKey(config.closurePackSigningKey);
    const keys: ClosurePackPublicKey[] = [];
    for (const [i, key] of [createPublicKey(this.privateKey), ...config.closurePackPreviousPublicKeys.map((pem) => createPublicKey(pem))].entries()) {
      const keyId = closurePackKeyId(key);
      // The current key listed among the previous ones too (kept while a rotation is rolled out) is one key.
      if (this.publicKeys.has(keyId)) continue;
      this.publicKeys.set(keyId, key);
      keys.push({ keyId, publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(), current: i === 0 });
    }
    this.keys = keys;
    this.keyId = keys[0].keyId;
    this.publicKeyPem = keys[0].publicKeyPem;
  }

  /** The Ed25519 signature of `bytes` with the current key: 64 bytes. */
  sign = (bytes: Buffer): Buffer => sign(null, bytes, this.privateKey);

  /** The known key with this id, or undefined. */
  publicKey(keyId: string): ClosurePackPublicKey | undefined {
    return this.keys.find((key) => key.keyId === keyId);
  }

  /**
   * The known key whose signature of `bytes` `signature` is, or null when none's is. The key
   * `keyIdHint` names (manifest.json's `keyId`) is tried first; every known key is tried, since
   * packs issued before manifests named their key have none.
   */
  verify(bytes: Buffer, signature: Buffer, keyIdHint?: string): ClosurePackPublicKey | null {
    const ordered = [...this.keys].sort((a, b) => Number(b.keyId === keyIdHint) - Number(a.keyId === keyIdHint));
    return ordered.find((key) => verify(null, bytes, this.publicKeys.get(key.keyId)!, signature)) ?? null;
  }
}
