/**
 * Closure packs to download (an OEM its own leads', staff every lead's): the closed leads newest
 * first (`GET /leads?status=closed`, scoped by the API), each with the pack's date and size from
 * the lead's `closurePack` and a download button, with "Load more".
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { t, useLanguage } from '../../i18n';
import { AnchorLink } from '../../link';
import { ListState, LoadMore } from '../../load-more';
import { bodyOf } from '../../problem';
import { api } from '../../session';
import { downloadClosurePack } from './downloads';
import { formatBytes } from '../workflow/files';

type Lead = Schemas['LeadResponseDto'];

/** The closure packs page at `/admin/closure-packs`. */
export function ClosurePacksPage() {
  useLanguage();
  const pages = useInfiniteQuery({
    queryKey: ['leads', 'closure-packs'],
    queryFn: async ({ pageParam }) => bodyOf(await api.GET('/api/v1/leads', { params: { query: { status: ['closed'], limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const download = useMutation({ mutationFn: async (lead: Lead) => lead.installation && downloadClosurePack(lead.installation) });
  const leads = (pages.data?.pages.flatMap((page) => page.data) ?? []).filter((lead) => lead.closurePack);
  return (
    <Stack gap="sm">
      <Title order={1}>{t('packs.heading')}</Title>
      <Text size="sm">{t('packs.intro')}</Text>
      {pages.error && <Alert color="red" role="alert">{t('common.error', { detail: pages.error.message })}</Alert>}
      {download.error && <Alert color="red" role="alert">{download.error.message}</Alert>}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('packs.customer')}</Table.Th>
            <Table.Th>{t('packs.closedAt')}</Table.Th>
            <Table.Th>{t('packs.size')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {leads.map((lead) => (
            <Table.Tr key={lead.id}>
              <Table.Td><AnchorLink to="/leads/$leadId" params={{ leadId: lead.id }}>{lead.customerName}</AnchorLink></Table.Td>
              <Table.Td>{new Date(lead.closurePack!.generatedAt).toLocaleString()}</Table.Td>
              <Table.Td>{formatBytes(lead.closurePack!.sizeBytes)}</Table.Td>
              <Table.Td ta="right">
                <Button size="compact-sm" variant="light" aria-label={`${t('packs.download')}: ${lead.customerName}`} loading={download.isPending && download.variables?.id === lead.id} onClick={() => download.mutate(lead)}>
                  {t('packs.download')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ListState pages={pages} count={leads.length} empty={t('packs.empty')} />
      <LoadMore pages={pages} />
    </Stack>
  );
}
