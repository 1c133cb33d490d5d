/**
 * Downloads through the authenticated client: a lead's closure pack and a lead document (both
 * routes need the bearer token, so a plain link would not do).
 */
import type { Schemas } from '@chargeops/api-client';
import { api } from '../../session';
import { saveDownload } from './shared';

/**
 * Saves an installation's closure pack (`GET /installations/{id}/closure-pack/content`) as the ZIP
 * the API names (`closure-pack-INS-….zip`).
 * @throws ApiFailure when the API refuses (no pack, not visible)
 */
export async function downloadClosurePack(installation: { id: string; installationId: string }): Promise<void> {
  const result = await api.GET('/api/v1/installations/{id}/closure-pack/content', { params: { path: { id: installation.id } }, parseAs: 'blob' });
  saveDownload(result, `closure-pack-${installation.installationId}.zip`);
}

/**
 * Saves a lead document (`GET /leads/{id}/documents/{documentId}/content`) under its original name.
 * @throws ApiFailure when the API refuses
 */
export async function downloadDocument(document: Schemas['LeadDocumentResponseDto']): Promise<void> {
  const result = await api.GET('/api/v1/leads/{id}/documents/{documentId}/content', { params: { path: { id: document.leadId, documentId: document.id } }, parseAs: 'blob' });
  saveDownload(result, document.file.originalName);
}
