/**
 * What an OEM sees on its lead's page besides the details and timeline: the documents it uploaded
 * itself (`GET /leads/{id}/documents`, kept to `uploadedById` = the OEM) with downloads, and the
 * closure pack once the lead is closed.
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { t, useLanguage } from '../../i18n';
import { bodyOf } from '../../problem';
import { api, useSession } from '../../session';
import { downloadClosurePack, downloadDocument } from './downloads';
import { megabytes } from './shared';

type Lead = Schemas['LeadResponseDto'];

/** The OEM's panels of the lead page. */
export function OemLeadPanels({ lead }: { lead: Lead }) {
  useLanguage();
  const me = useSession()?.user.id;
  const documents = useQuery({
    queryKey: ['lead-documents', lead.id],
    queryFn: async () => bodyOf(await api.GET('/api/v1/leads/{id}/documents', { params: { path: { id: lead.id }, query: { limit: 100 } } })),
  });
  const download = useMutation({ mutationFn: (document: Schemas['LeadDocumentResponseDto']) => downloadDocument(document) });
  const pack = useMutation({ mutationFn: () => downloadClosurePack(lead) });
  const mine = documents.data?.data.filter((document) => document.uploadedById === me) ?? [];
  return (
    <>
      <Card withBorder component="section" aria-label={t('oemLead.pack')}>
        <Title order={2} size="h4" mb="xs">{t('oemLead.pack')}</Title>
        {lead.closurePack ? (
          <Stack gap={4} align="flex-start">
            <Text size="sm">{new Date(lead.closurePack.generatedAt).toLocaleString()} · {megabytes(lead.closurePack.sizeBytes)}</Text>
            <Button variant="light" loading={pack.isPending} onClick={() => pack.mutate()}>{t('packs.download')}</Button>
          </Stack>
        ) : (
          <Text size="sm">{t('oemLead.packPending')}</Text>
        )}
        {pack.error && <Alert mt="xs" color="red" role="alert">{pack.error.message}</Alert>}
      </Card>
      <Card withBorder component="section" aria-label={t('oemLead.documents')}>
        <Title order={2} size="h4" mb="xs">{t('oemLead.documents')}</Title>
        {documents.error && <Alert color="red" role="alert">{documents.error.message}</Alert>}
        {documents.isSuccess && mine.length === 0 && <Text size="sm">{t('oemLead.noDocuments')}</Text>}
        {mine.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('oemLead.type')}</Table.Th>
                <Table.Th>{t('oemLead.file')}</Table.Th>
                <Table.Th>{t('oemLead.uploaded')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {mine.map((document) => (
                <Table.Tr key={document.id}>
                  <Table.Td>{document.documentType.replaceAll('_', ' ')}</Table.Td>
                  <Table.Td>{document.file.originalName}</Table.Td>
                  <Table.Td>{new Date(document.uploadedAt).toLocaleString()}</Table.Td>
                  <Table.Td ta="right">
                    <Button size="compact-xs" variant="default" loading={download.isPending && download.variables?.id === document.id} onClick={() => download.mutate(document)}>
                      {t('oemLead.download', { name: document.file.originalName })}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {download.error && <Alert mt="xs" color="red" role="alert">{download.error.message}</Alert>}
      </Card>
    </>
  );
}
