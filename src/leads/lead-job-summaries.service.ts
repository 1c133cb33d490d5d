import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LeadJobView } from './dto/lead-job-summary.dto.js';

/**
 * A job module's part of the lead answer: for each lead in `leadIds` it finds work for, the fields
 * of {@link LeadJobView} it fills, loaded for all of them at once (a page of leads costs a query
 * or two, not one per lead). Leads it finds nothing for are absent from the map.
 */
export interface LeadJobSummaryProvider {
  load(em: EntityManager, leadIds: readonly string[]): Promise<Map<string, Partial<LeadJobView>>>;
  /**
   * The view field this provider's jobs presuppose (an installation is planned from a survey):
   * it is asked only about the leads for which that field was found, after the providers without one.
   */
  requires?: keyof LeadJobView;
}

/**
 * Where the job modules register what the lead answer shows of their jobs (surveys and
 * installations, on module init), as they register their lead-cancel hooks with
 * {@link LeadTimeline}: leads, the lower module, never imports them (DESIGN §3, issue #12).
 */
@Injectable()
export class LeadJobSummaries {
  private readonly providers: LeadJobSummaryProvider[] = [];

  /** Adds a provider; see {@link LeadJobSummaryProvider.requires} for the order they are asked in. */
  register(provider: LeadJobSummaryProvider): void {
    this.providers.push(provider);
  }

  /** Each lead's job view (absent: nothing found), every provider asked once for the whole list. */
  async load(em: EntityManager, leadIds: readonly string[]): Promise<Map<string, LeadJobView>> {
    const views = new Map<string, LeadJobView>();
    const ordered = [...this.providers.filter((p) => !p.requires), ...this.providers.filter((p) => p.requires)];
    for (const provider of ordered) {
      const required = provider.requires;
      const ids = required ? leadIds.filter((id) => views.get(id)?.[required]) : leadIds;
      // A survey exists for every lead that has an installation: most pages skip the second query.
      if (!ids.length) continue;
      for (const [leadId, part] of await provider.load(em, ids)) {
        views.set(leadId, { ...(views.get(leadId) ?? { survey: null, installation: null, closurePack: null }), ...part });
      }
    }
    return views;
  }
}
