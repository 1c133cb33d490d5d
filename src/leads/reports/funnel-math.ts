import type { LeadStatus } from '../entities/lead.entity.js';

/** The seed's path a lead travels (issue 14 item 2); `documents_pending` is a wait inside `contacted → documents_received`. */
export const FUNNEL_STAGES: readonly LeadStatus[] = ['new', 'contacted', 'documents_received', 'survey_scheduled', 'survey_completed', 'installation_scheduled', 'installation_completed', 'closed'];

/**
 * The `p`-quantile (0–1) of ascending `sorted` with linear interpolation between the closest
 * ranks (PostgreSQL's `percentile_cont`); null for an empty list.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** One lead as the funnel reads it: when it first entered each stage of {@link FUNNEL_STAGES} (ms since the epoch, null if never). */
export type StageEntries = ReadonlyArray<number | null>;

/** The funnel numbers of a set of leads, per stage of {@link FUNNEL_STAGES}. */
export interface FunnelStageFigures {
  stage: LeadStatus;
  reached: number;
  conversionFromPrevious: number | null;
  medianHours: number | null;
  p90Hours: number | null;
}

const round = (n: number | null, places: number) => (n === null ? null : Math.round(n * 10 ** places) / 10 ** places);

/** What the database aggregated for one stage of {@link FUNNEL_STAGES}: leads that entered it, and the percentiles of the hours from the previous stage (null without any). */
export interface StageAggregate {
  reached: number;
  medianHours: number | null;
  p90Hours: number | null;
}

/**
 * The funnel numbers from per-stage aggregates (PostgreSQL's `percentile_cont`, or
 * {@link funnelFigures} in Node): conversion from the previous stage's `reached` (4 decimals,
 * null for the first stage or after an empty one), hours rounded to 2 decimals.
 */
export function funnelFiguresFromAggregates(stages: readonly StageAggregate[]): FunnelStageFigures[] {
  return FUNNEL_STAGES.map((stage, i) => {
    const previous = i === 0 ? null : stages[i - 1].reached;
    return {
      stage,
      reached: stages[i].reached,
      conversionFromPrevious: previous ? round(stages[i].reached / previous, 4) : null,
      medianHours: round(stages[i].medianHours, 2),
      p90Hours: round(stages[i].p90Hours, 2),
    };
  });
}

/**
 * Counts and stage times from each lead's first entry into each stage: `reached` is how many
 * leads entered the stage; the hours are from entering the previous stage of the path to entering
 * this one, over the leads that entered both (hours to 2 decimals, conversion to 4).
 */
export function funnelFigures(leads: readonly StageEntries[]): FunnelStageFigures[] {
  return funnelFiguresFromAggregates(
    FUNNEL_STAGES.map((_, i) => {
      const hours =
        i === 0
          ? []
          : leads
              .filter((entries) => entries[i] !== null && entries[i - 1] !== null)
              .map((entries) => ((entries[i] as number) - (entries[i - 1] as number)) / 3_600_000)
              .sort((a, b) => a - b);
      return { reached: leads.filter((entries) => entries[i] !== null).length, medianHours: percentile(hours, 0.5), p90Hours: percentile(hours, 0.9) };
    }),
  );
}
