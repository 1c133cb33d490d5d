import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { WebhookSubscription } from '../entities/webhook-subscription.entity.js';

/** How long a rotated-out secret keeps signing deliveries beside the new one. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 60 * 60 * 1000;

/** What a delivery is signed with: the subscription's secret, and the one its last rotation replaced until that expires. */
export type WebhookSigningKeys = Pick<WebhookSubscription, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>;

/** A new signing secret: `whsec_` + base64 of 32 random bytes (Standard Webhooks; issue #15 asks for 24+). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The keys after a rotation at `at`: `secret` signs from now on, the secret it replaces signs too
 * for {@link PREVIOUS_SECRET_TTL_MS}. A second rotation within that time drops the older secret.
 */
export function rotatedKeys(current: WebhookSigningKeys, secret: string, at: Date): WebhookSigningKeys {
  return { secret, previousSecret: current.secret, previousSecretExpiresAt: new Date(at.getTime() + PREVIOUS_SECRET_TTL_MS) };
}

/** The secrets a delivery sent at `at` is signed with, current first: the previous one only before it expires. */
export function signingSecrets(keys: WebhookSigningKeys, at: Date): string[] {
  const previousValid = keys.previousSecret && keys.previousSecretExpiresAt && at.getTime() < keys.previousSecretExpiresAt.getTime();
  return previousValid ? [keys.secret, keys.previousSecret!] : [keys.secret];
}

/**
 * The Standard Webhooks headers for one attempt: `webhook-id` (`msg_<delivery id>`, the same on
 * every retry, so receivers dedupe by it), `webhook-timestamp` (seconds) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`), signed by the `standardwebhooks` library.
 * Within a day of a rotation the signature header lists one signature per secret, space
 * separated (`v1,<new> v1,<old>`), which a receiver holding either secret verifies: the spec's
 * zero-downtime rotation.
 */
export function signedHeaders(keys: WebhookSigningKeys, deliveryId: string, body: string, at: Date): Record<string, string> {
  const id = `msg_${deliveryId}`;
  const secrets = signingSecrets(keys, at);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' '),
  };
}
