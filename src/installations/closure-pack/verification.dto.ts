import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBase64, IsNotEmpty, IsOptional, IsString, IsUUID, Matches } from 'class-validator';

/** Lower-case and trimmed; an empty value counts as not given (`?keyId=` with an empty shell variable). */
const lowerCaseOrAbsent = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value);

/** `GET /closure-packs/verify`: one of `sha256` or `packId`. */
export class VerifyClosurePackQueryDto {
  /** SHA-256 (64 hex digits, either case) of a pack's ZIP or of its manifest.json. */
  // The documented pattern takes either case: the value is lower-cased before the check below.
  @ApiPropertyOptional({ pattern: '^[0-9A-Fa-f]{64}$' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 hexadecimal digits' })
  sha256?: string;

  /** The pack id printed in summary.pdf's footer (and encoded in its QR code). */
  @IsOptional()
  @IsUUID()
  packId?: string;
}

/**
 * What the public verify route answers: whether this server issued the pack and, if so, its ids,
 * time and hashes. Nothing about the customer or the site: anyone may ask.
 */
export class ClosurePackVerificationDto {
  issued!: boolean;
  @ApiProperty({ format: 'uuid', required: false })
  packId?: string;
  /** Human-readable, e.g. `INS-2026-000123`. */
  installationId?: string;
  generatedAt?: Date;
  /** SHA-256 of the ZIP as issued, lower-case hex. */
  zipSha256?: string;
  /** SHA-256 of its manifest.json, lower-case hex; null for a pack issued before manifests were signed. */
  @ApiProperty({ type: String, nullable: true, required: false })
  manifestSha256?: string | null;
}

/** The answer of `GET /closure-packs/verify` (above) plus what `POST /closure-packs/verify` checked of the signature. */
export class ClosurePackSignatureVerificationDto extends ClosurePackVerificationDto {
  /** Whether `signature` is a signature of `manifest` by one of this server's keys, current or previous. */
  signatureValid!: boolean;
  /** The id of the key that verified it (SHA-256 of its SPKI DER, 64 lower-case hex digits); null when none did. */
  @ApiProperty({ type: String, nullable: true, pattern: '^[0-9a-f]{64}$' })
  keyId!: string | null;
  /** The key id manifest.json names; null for a pack issued before manifests named their key. */
  @ApiProperty({ type: String, nullable: true })
  manifestKeyId!: string | null;
}

/** `POST /closure-packs/verify`: a pack's manifest.json and manifest.sig, as they are in its ZIP. */
export class VerifyClosurePackSignatureDto {
  /** manifest.json's bytes, exactly as in the ZIP, base64 (e.g. `base64 -w0 manifest.json`). */
  @IsString()
  @IsNotEmpty()
  @IsBase64(undefined, { message: "manifest must be base64 (of manifest.json's bytes)" })
  manifest!: string;

  /** manifest.sig's 64 bytes, base64 (e.g. `base64 -w0 manifest.sig`). */
  @IsString()
  @IsNotEmpty()
  @IsBase64(undefined, { message: "signature must be base64 (of manifest.sig's 64 bytes)" })
  signature!: string;
}

/** `GET /closure-packs/signing-key`: which key; the current one when `keyId` is not given. */
export class SigningKeyQueryDto {
  /** A key id (SHA-256 of the key's SPKI DER, 64 hex digits, either case), e.g. manifest.json's `keyId`. */
  // The documented pattern takes either case: the value is lower-cased before the check below.
  @ApiPropertyOptional({ pattern: '^[0-9A-Fa-f]{64}$' })
  @IsOptional()
  @Transform(lowerCaseOrAbsent)
  @Matches(/^[0-9a-f]{64}$/, { message: "keyId must be 64 hexadecimal digits (the SHA-256 of the key's SPKI DER)" })
  keyId?: string;
}

/** One public key that checks closure packs' manifest.sig. */
export class ClosurePackPublicKeyDto {
  /** SHA-256 of the key's SPKI DER encoding, 64 lower-case hex digits: what manifest.json's `keyId` names. */
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  keyId!: string;
  /** True for the key that signs new packs; false for one used before a rotation, which still checks the packs it signed. */
  current!: boolean;
  /** The Ed25519 public key, SPKI PEM (`-----BEGIN PUBLIC KEY-----…`), for `openssl pkeyutl -verify -pubin -inkey` or `crypto.createPublicKey`. */
  publicKeyPem!: string;
}

/** `GET /closure-packs/signing-keys`: every key this server signed packs with, the current one first. */
export class ClosurePackSigningKeysDto {
  keys!: ClosurePackPublicKeyDto[];
}
