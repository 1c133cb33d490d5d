/**
 * What an OEM sees on its lead's page besides the details, the installation with its closure pack
 * (workflow/lead-work.tsx) and the timeline: the documents it uploaded itself
 * (`GET /leads/{id}/documents`, kept to `uploadedById` = the OEM) with downloads.
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Button, Card, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { t, useLanguage } from '../../i18n';
import { bodyOf } from '../../problem';
import { api, useSession } from '../../session';
import { downloadDocument } from './downloads';

type Lead = Schemas['LeadResponseDto'];

/** The OEM's documents panel of the lead page. */
export function OemLeadPanels({ lead }: { lead: Lead }) {
  useLanguage();
  const me = useSession()?.user.id;
  const documents = useQuery({
    queryKey: ['lead-documents', lead.id],
    queryFn: async () => bodyOf(await api.GET('/api/v1/leads/{id}/documents', { params: { path: { id: lead.id }, query: { limit: 100 } } })),
  });
  const download = useMutation({ mutationFn: (document: Schemas['LeadDocumentResponseDto']) => downloadDocument(document) });
  const mine = documents.data?.data.filter((document) => document.uploadedById === me) ?? [];
  return (
    <>
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
