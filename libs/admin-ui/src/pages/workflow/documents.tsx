/**
 * A lead's documents (staff and the owning OEM): the list, upload by drag and drop or file choice
 * with the document type chosen first (`POST /leads/{id}/documents`), a preview of images and PDFs,
 * and download. A refused upload (413 too large, 415 wrong type for the kind) shows the API's
 * reason; a failed one can be sent again.
 */
import { multipart, type Schemas } from '@chargeops/api-client';
import { Alert, Badge, Button, Card, Group, Modal, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDropzone } from 'react-dropzone';
import { t, useLanguage, type MessageKey } from '../../i18n';
import { bodyOf } from '../../problem';
import { api } from '../../session';
import { downloadDocument } from '../roles/downloads';
import { formatBytes, useBlobUrl } from './files';

type LeadDocument = Schemas['LeadDocumentResponseDto'];
type DocumentType = Schemas['DocumentType'];

/** The document types of seed 000, in the order Central Ops collects them. */
const DOCUMENT_TYPES: readonly DocumentType[] = ['electricity_bill', 'location_photo', 'electrician_contact', 'other'];

/** The label key of a document type. */
export const documentTypeKey = (type: DocumentType): MessageKey => `flow.documentType.${type}`;

const isPreviewable = (contentType: string) => contentType.startsWith('image/') || contentType === 'application/pdf';

/** The documents card of a lead page; `onUploaded` reloads the lead (an upload may move its status). */
export function DocumentsPanel({ leadId, mayUpload, mayDelete, onUploaded }: { leadId: string; mayUpload: boolean; mayDelete: boolean; onUploaded: () => Promise<unknown> }) {
  useLanguage();
  const documents = useQuery({
    queryKey: ['lead-documents', leadId],
    queryFn: async () => bodyOf(await api.GET('/api/v1/leads/{id}/documents', { params: { path: { id: leadId }, query: { limit: 100 } } })).data,
  });
  const [preview, setPreview] = useState<LeadDocument | null>(null);
  const download = useMutation({ mutationFn: downloadDocument });
  return (
    <Card withBorder component="section" aria-label={t('flow.documents')}>
      <Title order={2} size="h4" mb="sm">{t('flow.documents')}</Title>
      {documents.error && <Alert color="red" role="alert">{t('common.error', { detail: documents.error.message })}</Alert>}
      {download.error && <Alert color="red" role="alert">{t('flow.downloadFailed', { detail: download.error.message })}</Alert>}
      {documents.data?.length === 0 && <Text size="sm">{t('flow.noDocuments')}</Text>}
      {documents.data && documents.data.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('flow.documentTypeLabel')}</Table.Th>
              <Table.Th>{t('flow.file')}</Table.Th>
              <Table.Th>{t('flow.uploaded')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {documents.data.map((document) => (
              <Table.Tr key={document.id}>
                <Table.Td><Badge variant="light">{t(documentTypeKey(document.documentType))}</Badge></Table.Td>
                <Table.Td>
                  <Text size="sm">{document.file.originalName}</Text>
                  <Text size="xs" c="dimmed">{document.file.contentType} · {formatBytes(document.file.sizeBytes)}</Text>
                </Table.Td>
                <Table.Td><Text size="xs">{document.uploadedBy.fullName} · {new Date(document.uploadedAt).toLocaleString()}</Text></Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {isPreviewable(document.file.contentType) && (
                      <Button size="compact-xs" variant="light" aria-label={t('flow.previewOf', { name: document.file.originalName })} onClick={() => setPreview(document)}>{t('flow.preview')}</Button>
                    )}
                    <Button size="compact-xs" variant="default" aria-label={t('flow.downloadOf', { name: document.file.originalName })} loading={download.isPending && download.variables?.id === document.id} onClick={() => download.mutate(document)}>{t('flow.download')}</Button>
                    {mayDelete && <DeleteButton leadId={leadId} document={document} onDeleted={async () => { await documents.refetch(); await onUploaded(); }} />}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {mayUpload && <Uploader leadId={leadId} onUploaded={async () => { await documents.refetch(); await onUploaded(); }} />}
      <Modal opened={preview !== null} onClose={() => setPreview(null)} title={preview?.file.originalName} size="xl">
        {preview && <Preview leadId={leadId} document={preview} />}
      </Modal>
    </Card>
  );
}

const content = async (leadId: string, documentId: string): Promise<Blob> =>
  bodyOf(await api.GET('/api/v1/leads/{id}/documents/{documentId}/content', { params: { path: { id: leadId, documentId } }, parseAs: 'blob' })) as unknown as Blob;


/** Delete in two clicks: the first asks, the second deletes (`DELETE /leads/{id}/documents/{documentId}`, staff). */
function DeleteButton({ leadId, document, onDeleted }: { leadId: string; document: LeadDocument; onDeleted: () => Promise<unknown> }) {
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: async () => {
      const result = await api.DELETE('/api/v1/leads/{id}/documents/{documentId}', { params: { path: { id: leadId, documentId: document.id } } });
      if (!result.response.ok) bodyOf(result);
    },
    onSuccess: onDeleted,
  });
  const name = document.file.originalName;
  return asking ? (
    <Button size="compact-xs" color="red" loading={remove.isPending} aria-label={t('flow.confirmDeleteOf', { name })} onClick={() => remove.mutate()} title={remove.error?.message}>
      {t('flow.confirmDelete')}
    </Button>
  ) : (
    <Button size="compact-xs" variant="subtle" color="red" aria-label={t('flow.deleteOf', { name })} onClick={() => setAsking(true)}>{t('flow.delete')}</Button>
  );
}

function Preview({ leadId, document }: { leadId: string; document: LeadDocument }) {
  const { url, error } = useBlobUrl(['document', document.id], () => content(leadId, document.id));
  if (error) return <Alert color="red" role="alert">{error.message}</Alert>;
  if (!url) return <Text>{t('common.loading')}</Text>;
  if (document.file.contentType === 'application/pdf') return <iframe src={url} title={document.file.originalName} style={{ width: '100%', height: '70vh', border: 0 }} />;
  return <img src={url} alt={document.file.originalName} style={{ maxWidth: '100%' }} />;
}

function Uploader({ leadId, onUploaded }: { leadId: string; onUploaded: () => Promise<unknown> }) {
  const [documentType, setDocumentType] = useState<DocumentType>('electricity_bill');
  const [notes, setNotes] = useState('');
  const upload = useMutation({
    mutationFn: async (file: File) =>
      bodyOf(await api.POST('/api/v1/leads/{id}/documents', {
        params: { path: { id: leadId } },
        body: multipart({ documentType, notes: notes || undefined, file: { bytes: file, name: file.name } }),
      })),
    onSuccess: async () => {
      setNotes('');
      await onUploaded();
    },
  });
  const { getRootProps, getInputProps, isDragActive } = useDropzone({
    multiple: false,
    disabled: upload.isPending,
    onDropAccepted: ([file]) => {
      if (file) upload.mutate(file);
    },
  });
  return (
    <Stack gap="xs" mt="md">
      <Title order={3} size="h5">{t('flow.upload')}</Title>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <NativeSelect label={t('flow.documentTypeLabel')} value={documentType} onChange={(event) => setDocumentType(event.currentTarget.value as DocumentType)} data={DOCUMENT_TYPES.map((value) => ({ value, label: t(documentTypeKey(value)) }))} />
        <TextInput label={t('flow.documentNotes')} value={notes} onChange={(event) => setNotes(event.currentTarget.value)} maxLength={2000} w={260} />
      </Group>
      <Paper
        {...getRootProps({ 'aria-label': t('flow.dropzone') })}
        withBorder
        p="md"
        style={{ borderStyle: 'dashed', cursor: 'pointer', background: isDragActive ? 'var(--mantine-color-blue-0)' : undefined }}
      >
        <input {...getInputProps({ 'aria-label': t('flow.documentFile') })} />
        <Text size="sm" ta="center">{upload.isPending ? t('flow.uploading') : t('flow.dropHere')}</Text>
      </Paper>
      {upload.error && (
        <Alert color="red" role="alert" title={t('flow.uploadFailed')}>
          <Text size="sm">{upload.error.message}</Text>
          {upload.variables && <Button mt="xs" size="xs" variant="light" onClick={() => upload.mutate(upload.variables)}>{t('common.retry')}</Button>}
        </Alert>
      )}
      {upload.isSuccess && <Text size="sm" c="green" role="status">{t('flow.uploadedOk')}</Text>}
    </Stack>
  );
}
