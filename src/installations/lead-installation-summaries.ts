import type { EntityManager } from 'typeorm';
import { latestPerLead } from '../common/persistence/query-templates.js';
import type { LeadJobView } from '../leads/dto/lead-job-summary.dto.js';
import type { LeadJobSummaryProvider } from '../leads/lead-job-summaries.service.js';
import { closurePackContentUrl } from './dto/installation-response.dto.js';
import { ClosurePack } from './entities/closure-pack.entity.js';
import { Installation } from './entities/installation.entity.js';

/**
 * The latest installation of each lead in `leadIds` and its closure pack, in two queries (so a page
 * of leads costs two extra queries, not two per lead). Leads without an installation are absent.
 */
export async function loadLeadInstallations(em: EntityManager, leadIds: readonly string[]): Promise<Map<string, Pick<LeadJobView, 'installation' | 'closurePack'>>> {
  const views = new Map<string, Pick<LeadJobView, 'installation' | 'closurePack'>>();
  const latest = [...(await latestPerLead(em, Installation, 'installationId', leadIds)).values()];
  const closed = latest.filter((i) => i.status === 'closed').map((i) => i.id);
  const packs = closed.length
    ? await em.getRepository(ClosurePack).find({ where: closed.map((installationId) => ({ installationId })), relations: { file: true } })
    : [];
  for (const i of latest) {
    const pack = packs.find((p) => p.installationId === i.id);
    views.set(i.leadId, {
      installation: { id: i.id, installationId: i.installationId, status: i.status, scheduledDate: i.scheduledDate, scheduledTimeSlot: i.scheduledTimeSlot },
      closurePack: pack ? { url: closurePackContentUrl(i.id), generatedAt: pack.generatedAt, sizeBytes: pack.file.sizeBytes, sha256: pack.file.sha256 } : null,
    });
  }
  return views;
}

/** What installations register with leads' LeadJobSummaries: `installation` and `closurePack`, asked only for leads with a survey. */
export const leadInstallationSummaryProvider: LeadJobSummaryProvider = { load: loadLeadInstallations, requires: 'survey' };
