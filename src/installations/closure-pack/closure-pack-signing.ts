import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConfig } from '../../config/app-config.module.js';
import type { AppConfig } from '../../config/config.js';

/**
 * The server's closure-pack signing key (issue #16, item 4): Ed25519 (RFC 8032) from
 * `CLOSURE_PACK_SIGNING_KEY`. `manifest.sig` is the 64-byte signature of manifest.json's bytes,
 * raw, as `openssl pkeyutl -verify -rawin -sigfile` and Node's `crypto.verify(null, …)` read it;
 * the public key is served as SPKI PEM at `GET /api/v1/closure-packs/signing-key`.
 */
@Injectable()
export class ClosurePackSigning {
  private readonly privateKey: KeyObject;
  /** SPKI PEM of the public key, `-----BEGIN PUBLIC KEY-----…`. */
  readonly publicKeyPem: string;

  /** @throws when the configured key is not a PEM private key (loadConfig has checked that it is an Ed25519 one) */
  constructor(@InjectConfig() config: AppConfig) {
    this.privateKey = createPrivateKey(config.closurePackSigningKey);
    this.publicKeyPem = createPublicKey(this.privateKey).export({ type: 'spki', format: 'pem' }).toString();
  }

  /** The Ed25519 signature of `bytes`: 64 bytes. */
  sign = (bytes: Buffer): Buffer => sign(null, bytes, this.privateKey);

  /** Whether `signature` is this key's signature of `bytes`. */
  verify(bytes: Buffer, signature: Buffer): boolean {
    return verify(null, bytes, createPublicKey(this.privateKey), signature);
  }
}
