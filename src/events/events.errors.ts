import type { ProblemCodeList } from '../common/problem-codes.js';

/** The problem codes of webhooks and deliveries (issue #15); see `common/problem-codes.ts`. */
export const EVENT_ERRORS = {
  WEBHOOK_SUBSCRIPTION_NOT_FOUND: 'No such webhook subscription visible to the caller',
  WEBHOOK_DELIVERY_NOT_FOUND: 'No such webhook delivery visible to the caller',
  WEBHOOK_URL_NOT_ALLOWED: 'The URL is not https (WEBHOOK_ALLOW_HTTP) or points at a private network (WEBHOOK_ALLOW_PRIVATE_NETWORKS)',
  WEBHOOK_DELIVERY_NOT_RETRYABLE: 'Only a failed delivery can be retried',
  WEBHOOK_SUBSCRIPTION_INACTIVE: 'The subscription is not active; activate it first',
} as const satisfies ProblemCodeList;

declare module '../common/problem-codes.js' {
  interface ProblemCodeRegistry {
    events: typeof EVENT_ERRORS;
  }
}
