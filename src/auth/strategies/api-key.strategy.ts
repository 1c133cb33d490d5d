import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import { AppException } from '../../common/problem.js';
import { type ApiKeyCredential, CredentialCache } from '../../users/credential-cache.service.js';
import type { Actor } from '../../common/auth/actor.js';
import { sha256Hex } from '../../common/auth/tokens.js';
import type { HttpRequest } from '../../common/http/http-exchange.js';

/** The passport name of {@link ApiKeyStrategy}. */
export const API_KEY_STRATEGY = 'api-key';

/**
 * OEM API keys in `X-API-Key` (DESIGN §2: 32 random bytes, looked up by SHA-256), on
 * passport-custom. The key and its OEM are read through {@link CredentialCache}; each use is
 * recorded at most once a minute.
 */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, API_KEY_STRATEGY) {
  constructor(private readonly credentials: CredentialCache) {
    super();
  }

  /**
   * The OEM acting through the key.
   * @throws 401 UNAUTHENTICATED for an unknown or revoked key, or one whose OEM is inactive
   */
  async validate(req: HttpRequest): Promise<Actor> {
    const key = apiKeyOf(req);
    const found = key ? await this.credentials.apiKey(sha256Hex(key)) : null;
    const actor = actorOfKey(found);
    if (found) await this.credentials.recordUse(found);
    return actor;
  }

  /**
   * {@link validate} answered from memory alone, without a promise: the actor when the key is cached
   * and its use was recorded within the last minute, undefined when anything must be read or
   * written (then the guard runs passport and {@link validate}). An OEM pushing leads with one key
   * takes this path on all but about one request a minute.
   * @throws 401 UNAUTHENTICATED as {@link validate} does
   */
  cachedActor(req: HttpRequest): Actor | undefined {
    const key = apiKeyOf(req);
    const found = key ? this.credentials.cachedApiKey(sha256Hex(key)) : undefined;
    return found && this.credentials.usedRecently(found) ? actorOfKey(found) : undefined;
  }
}

/** The `X-API-Key` header's value (the first, if sent twice), or undefined. */
function apiKeyOf(req: HttpRequest): string | undefined {
  const header = req.headers['x-api-key'];
  return Array.isArray(header) ? header[0] : header;
}

/**
 * The OEM acting through `found`.
 * @throws 401 UNAUTHENTICATED for no key (unknown or revoked), or one whose OEM is inactive or no longer an OEM
 */
function actorOfKey(found: ApiKeyCredential | null): Actor {
  if (!found || !found.oemIsActive || found.oemRole !== 'oem') {
    throw new AppException(401, 'UNAUTHENTICATED', 'The API key is invalid or revoked');
  }
  return { userId: found.oemId, role: 'oem', apiKeyId: found.id };
}
