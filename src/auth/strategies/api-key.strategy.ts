import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import { AppException } from '../../common/problem.js';
import { CredentialCache } from '../../users/credential-cache.service.js';
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
    const header = req.headers['x-api-key'];
    const key = Array.isArray(header) ? header[0] : header;
    const found = key ? await this.credentials.apiKey(sha256Hex(key)) : null;
    if (!found || !found.oemIsActive || found.oemRole !== 'oem') {
      throw new AppException(401, 'UNAUTHENTICATED', 'The API key is invalid or revoked');
    }
    await this.credentials.recordUse(found);
    return { userId: found.oemId, role: 'oem', apiKeyId: found.id };
  }
}
