/**
 * Downloads through the authenticated client: a lead's closure pack and a lead document (both
 * routes need the bearer token, so a plain link would not do).
 */
import type { Schemas } from '@chargeops/api-client';
import { api } from '../../session';
import { saveDownload } from './shared';

/**
 * Saves the closure pack of a closed lead (`GET /installations/{id}/closure-pack/content`, the
 * installation from the lead's summary) as the ZIP the API names.
 * @throws ApiFailure when the API refuses (no pack, not visible)
 */
export async function downloadClosurePack(lead: Pick<Schemas['LeadResponseDto'], 'installation'>): Promise<void> {
  const id = lead.installation?.id;
  if (!id) return;
  const result = await api.GET('/api/v1/installations/{id}/closure-pack/content', { params: { path: { id } }, parseAs: 'blob' });
  saveDownload(result, `closure-pack-${lead.installation?.installationId ?? id}.zip`);
}

/**
 * Saves a lead document (`GET /leads/{id}/documents/{documentId}/content`) under its original name.
 * @throws ApiFailure when the API refuses
 */
export async function downloadDocument(document: Schemas['LeadDocumentResponseDto']): Promise<void> {
  const result = await api.GET('/api/v1/leads/{id}/documents/{documentId}/content', { params: { path: { id: document.leadId, documentId: document.id } }, parseAs: 'blob' });
  saveDownload(result, document.file.originalName);
}
