/**
 * The dashboard (admin, Central Ops, OEM; an OEM's figures are its own leads, scoped by the API)
 * over the leads created in a chosen period (default the last 90 days: over a whole table of a
 * million leads the reports take seconds, over a quarter a fraction of one): counts by status from
 * `GET /reports/leads/summary`, each a link to the leads list filtered on that status and period
 * (`/admin/leads?status=…&createdFrom=…`, so the list shows what the count counted), the overdue
 * total and conversion rate, then the funnel (`GET /reports/leads/funnel`), asked only once the
 * counts are in: it is the slower report, and the counts are what the page is opened for.
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { statusLabel, t, useLanguage, type MessageKey } from '../../i18n';
import { AnchorLink } from '../../link';
import { bodyOf } from '../../problem';
import { api } from '../../session';
import { LEAD_STATUSES } from '../leads';

type LeadStatus = Schemas['LeadStatus'];

/** The periods, in days back from today; `all` sends no `createdFrom`. */
const RANGES: Record<string, MessageKey> = { '30': 'dashboard.range30', '90': 'dashboard.range90', '365': 'dashboard.range365', all: 'dashboard.rangeAll' };

/** The first day of a period as the leads list's `createdFrom` takes it: `YYYY-MM-DD` in India (UTC+05:30). */
function firstDay(range: string): string | undefined {
  return range === 'all' ? undefined : new Date(Date.now() + 330 * 60_000 - Number(range) * 86_400_000).toISOString().slice(0, 10);
}

const percent = (ratio: number | null) => (ratio === null ? t('common.none') : `${(ratio * 100).toFixed(1)} %`);
const hours = (value: number | null) => (value === null ? t('common.none') : value.toFixed(1));

/** The dashboard page at `/admin/dashboard`. */
export function DashboardPage() {
  useLanguage();
  const [range, setRange] = useState('90');
  const since = firstDay(range);
  // The same instant the leads list sends for that day, so a count and its list agree.
  const createdFrom = since ? new Date(`${since}T00:00:00+05:30`).toISOString() : undefined;
  const summary = useQuery({
    queryKey: ['report-summary', createdFrom],
    queryFn: async () => bodyOf(await api.GET('/api/v1/reports/leads/summary', { params: { query: { createdFrom } } })),
  });
  const funnel = useQuery({
    queryKey: ['report-funnel', createdFrom],
    enabled: summary.isSuccess,
    queryFn: async () => bodyOf(await api.GET('/api/v1/reports/leads/funnel', { params: { query: { createdFrom } } })),
  });
  const byStatus = summary.data?.byStatus as Record<LeadStatus, number> | undefined;
  const stages = funnel.data?.groups[0]?.stages ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('dashboard.heading')}</Title>
        <NativeSelect
          label={t('dashboard.period')}
          value={range}
          onChange={(event) => setRange(event.currentTarget.value)}
          data={Object.entries(RANGES).map(([value, key]) => ({ value, label: t(key) }))}
        />
      </Group>
      {summary.error && <Alert color="red" role="alert">{t('common.error', { detail: summary.error.message })}</Alert>}
      {summary.isPending && <Text>{t('common.loading')}</Text>}
      {summary.data && byStatus && (
        <Card withBorder component="section" aria-label={t('dashboard.byStatus')}>
          <Title order={2} size="h4">{t('dashboard.byStatus')}</Title>
          <Group gap="lg" my="xs">
            <Text>{t('dashboard.total', { count: summary.data.total })}</Text>
            <AnchorLink to="/leads" search={{ overdue: true, createdFrom: since }}>{t('dashboard.overdue', { count: summary.data.overdueTotal })}</AnchorLink>
            <Text>{t('dashboard.conversion', { rate: percent(summary.data.conversionRate) })}</Text>
          </Group>
          <SimpleGrid cols={{ base: 2, sm: 3, md: 4, lg: 6 }} spacing="sm">
            {LEAD_STATUSES.map((status) => (
              <Card key={status} withBorder padding="xs">
                <Text size="xs" c="dimmed">{statusLabel(status)}</Text>
                <Text fz="xl" fw={700}>
                  <AnchorLink to="/leads" search={{ status: [status], createdFrom: since }} aria-label={t('dashboard.countLink', { count: byStatus[status] ?? 0, status: statusLabel(status) })}>
                    {(byStatus[status] ?? 0).toLocaleString()}
                  </AnchorLink>
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        </Card>
      )}
      {summary.data && (
        <Card withBorder component="section" aria-label={t('dashboard.funnel')}>
          <Title order={2} size="h4" mb="xs">{t('dashboard.funnel')}</Title>
          {funnel.error && <Alert color="red" role="alert">{t('common.error', { detail: funnel.error.message })}</Alert>}
          {funnel.isPending && <Text>{t('common.loading')}</Text>}
          {funnel.data && (
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dashboard.stage')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.reached')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.fromPrevious')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.median')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.p90')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {stages.map((stage) => (
                  <Table.Tr key={stage.stage}>
                    <Table.Td>{statusLabel(stage.stage)}</Table.Td>
                    <Table.Td ta="right">{stage.reached.toLocaleString()}</Table.Td>
                    <Table.Td ta="right">{percent(stage.conversionFromPrevious)}</Table.Td>
                    <Table.Td ta="right">{hours(stage.medianHours)}</Table.Td>
                    <Table.Td ta="right">{hours(stage.p90Hours)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      )}
    </Stack>
  );
}
