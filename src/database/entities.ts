import { RefreshToken } from '../auth/entities/refresh-token.entity.js';
import { LeadEvent } from '../leads/entities/lead-event.entity.js';
import { LeadSource } from '../leads/entities/lead-source.entity.js';
import { Lead } from '../leads/entities/lead.entity.js';
import { Pincode } from '../leads/entities/pincode.entity.js';
import { ApiKey } from '../users/entities/api-key.entity.js';
import { User } from '../users/entities/user.entity.js';

/** Every entity of the application; the migration sets for both databases are generated from these. */
export const ENTITIES = [User, ApiKey, RefreshToken, LeadSource, Lead, LeadEvent, Pincode];
