import type { QueryRunner } from 'typeorm';

/**
 * The closing reasons a new installation starts with (seed 003: reference data seeded on install,
 * then edited by admins), for EV-charger leads. `other` covers both statuses and is where the
 * free-text reasons written before issue 14 go.
 */
export const SEEDED_CLOSING_REASONS: ReadonlyArray<{ code: string; label: string; cancelled: boolean; onHold: boolean }> = [
  { code: 'customer_not_reachable', label: 'Customer not reachable', cancelled: true, onHold: true },
  { code: 'customer_not_interested', label: 'Customer no longer interested', cancelled: true, onHold: false },
  { code: 'price_too_high', label: 'Price or budget', cancelled: true, onHold: false },
  { code: 'site_not_feasible', label: 'Site not feasible (parking, wiring, distance)', cancelled: true, onHold: false },
  { code: 'sanctioned_load_insufficient', label: 'Sanctioned load too low; awaiting upgrade', cancelled: true, onHold: true },
  { code: 'society_permission_pending', label: 'Housing society permission pending', cancelled: false, onHold: true },
  { code: 'vehicle_delivery_pending', label: 'Vehicle not delivered yet', cancelled: false, onHold: true },
  { code: 'customer_requested_delay', label: 'Customer asked to wait', cancelled: false, onHold: true },
  { code: 'duplicate_lead', label: 'Duplicate lead', cancelled: true, onHold: false },
  { code: 'other', label: 'Other (see note)', cancelled: true, onHold: true },
];

/**
 * The data part of the issue-14 migration, the same SQL on SQLite, PostgreSQL and MariaDB (ANSI_QUOTES): seeds
 * {@link SEEDED_CLOSING_REASONS}, gives every existing free-text closing reason the code `other`
 * (the text stays, as the note), and dates each lead's current status from its last
 * `status_changed` event (or its creation), where the SLA clock starts.
 */
export async function seedClosingReasonsAndBackfill(queryRunner: QueryRunner): Promise<void> {
  // Constants of this file, quoted as SQL literals: the placeholders differ ($1 on PostgreSQL, ? on SQLite).
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const rows = SEEDED_CLOSING_REASONS.map((r) => `(${literal(r.code)}, ${literal(r.label)}, ${r.cancelled}, ${r.onHold})`);
  await queryRunner.query(`INSERT INTO "closing_reasons" ("code", "label", "applies_to_cancelled", "applies_to_on_hold") VALUES ${rows.join(', ')}`);
  await queryRunner.query(`UPDATE "leads" SET "closing_reason_code" = 'other' WHERE "closing_reason" IS NOT NULL`);
  await queryRunner.query(
    `UPDATE "leads" SET "status_entered_at" = COALESCE((SELECT MAX("e"."created_at") FROM "lead_events" "e" WHERE "e"."lead_id" = "leads"."id" AND "e"."type" = 'status_changed'), "created_at")`,
  );
}
