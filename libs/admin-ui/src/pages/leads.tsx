/**
 * The leads list (Central Ops, admin; an OEM sees its own): DESIGN §6 filters as controls (status
 * as chips with their counts from `GET /reports/leads/summary`, OEM, source, assigned to me, city,
 * state, pincode, created range, tag, overdue), search, newest first, the SLA due date with an
 * overdue marker, keyset "Load more" over `nextCursor`, the total on demand (`withTotal`). The whole
 * view lives in the URL (`/admin/leads?status=new&city=Pune`) so it can be shared, and the inputs
 * follow it (a link to the bare list empties them); the typed filters apply on Enter or on leaving
 * the box, and "Clear filters" empties them all.
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Badge, Button, Checkbox, Chip, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { AnchorLink } from '../link';
import { ListState, LoadMore } from '../load-more';
import { useEffect, useState } from 'react';
import { statusLabel, t, useLanguage } from '../i18n';
import { bodyOf } from '../problem';
import { mayChangeLeads } from '../access';
import { api, useSession } from '../session';
import { useOems } from './pickers';

type LeadStatus = Schemas['LeadStatus'];

/** Every lead status, in workflow order (the `LeadStatus` enum of the spec). */
export const LEAD_STATUSES: readonly LeadStatus[] = [
  'new', 'contacted', 'documents_pending', 'documents_received', 'survey_scheduled', 'survey_completed',
  'installation_scheduled', 'installation_completed', 'closed', 'cancelled', 'on_hold',
];

/** The list's view as kept in the URL: the DESIGN §6 filters the page offers. */
export interface LeadSearch {
  q?: string;
  status?: LeadStatus[];
  city?: string;
  state?: string;
  pincode?: string;
  /** `YYYY-MM-DD`, India's calendar: created on or after that day. */
  createdFrom?: string;
  /** `YYYY-MM-DD`: created on or before that day. */
  createdTo?: string;
  overdue?: boolean;
  oemId?: string;
  sourceId?: string;
  /** A user id; the page offers "assigned to me". */
  assignedToId?: string;
  tag?: string;
}

const TEXT_FILTERS = ['q', 'city', 'state', 'pincode', 'createdFrom', 'createdTo', 'oemId', 'sourceId', 'assignedToId', 'tag'] as const;

/** Reads a {@link LeadSearch} from the URL's query, dropping what is not one (a shared link may be stale). */
export function parseLeadSearch(raw: Record<string, unknown>): LeadSearch {
  const out: LeadSearch = {};
  for (const key of TEXT_FILTERS) {
    const value = raw[key];
    if (typeof value === 'string' && value.trim()) out[key] = value.trim();
    else if (typeof value === 'number') out[key] = String(value);
  }
  const statuses = (Array.isArray(raw.status) ? raw.status : [raw.status]).filter((s): s is LeadStatus => LEAD_STATUSES.includes(s as LeadStatus));
  if (statuses.length) out.status = statuses;
  if (raw.overdue === true || raw.overdue === 'true') out.overdue = true;
  return out;
}

/** Where this tab keeps the list's last view, for the lead page's way back ("All leads"). */
const LAST_SEARCH_KEY = 'chargeops.leads.search';

/** The list's view as this tab last showed it (its filters), or none. */
export function lastLeadSearch(): LeadSearch {
  try {
    return parseLeadSearch(JSON.parse(sessionStorage.getItem(LAST_SEARCH_KEY) ?? '{}') as Record<string, unknown>);
  } catch {
    return {};
  }
}

/** A day in India (UTC+05:30, no daylight saving) as the instant the API filters on. */
function dayStart(day: string, plusDays = 0): string {
  const start = new Date(`${day}T00:00:00+05:30`);
  start.setUTCDate(start.getUTCDate() + plusDays);
  return start.toISOString();
}

function queryOf(search: LeadSearch) {
  return {
    q: search.q,
    status: search.status,
    city: search.city,
    state: search.state,
    pincode: search.pincode,
    createdFrom: search.createdFrom ? dayStart(search.createdFrom) : undefined,
    createdTo: search.createdTo ? dayStart(search.createdTo, 1) : undefined,
    overdue: search.overdue,
    oemId: search.oemId,
    sourceId: search.sourceId ? Number(search.sourceId) : undefined,
    assignedToId: search.assignedToId,
    tag: search.tag ? [search.tag] : undefined,
  };
}

/**
 * A text box's value that follows the URL's `value`: what is typed stays until the URL changes to
 * something else than it (a link, "Clear filters", the browser's back), which replaces it. The URL
 * keeps values trimmed, so typing "Pune " is not undone by the URL's "Pune".
 */
function useUrlText(value: string | undefined): [string, (text: string) => void] {
  const [text, setText] = useState(value ?? '');
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if ((value ?? '') !== text.trim()) setText(value ?? '');
  }
  return [text, setText];
}

/**
 * A filter typed in a box (city, state, pincode), kept in the URL: applied on Enter and when the
 * box is left, and shown as the URL has it.
 */
function FilterInput({ label, value, onApply, w }: { label: string; value: string | undefined; onApply: (text: string) => void; w: number }) {
  const [text, setText] = useUrlText(value);
  return (
    <TextInput label={label} value={text} onChange={(event) => setText(event.currentTarget.value)} onBlur={() => onApply(text)}
      onKeyDown={(event) => { if (event.key === 'Enter') onApply(text); }} w={w} />
  );
}

/** The table of leads with its filters. */
export function LeadsPage() {
  useLanguage();
  const search = useSearch({ from: '/leads' });
  const navigate = useNavigate({ from: '/leads' });
  const [q, setQ] = useUrlText(search.q);
  const [wantTotal, setWantTotal] = useState(false);
  const setSearch = (patch: Partial<LeadSearch>) => void navigate({ search: (prev) => parseLeadSearch({ ...prev, ...patch }), replace: true });
  const setQuery = useDebouncedCallback((value: string) => setSearch({ q: value }), 300);
  const clearFilters = () => {
    setQuery.cancel();
    void navigate({ search: {}, replace: true });
  };
  useEffect(() => sessionStorage.setItem(LAST_SEARCH_KEY, JSON.stringify(search)), [search]);

  const pages = useInfiniteQuery({
    queryKey: ['leads', search],
    queryFn: async ({ pageParam }) =>
      bodyOf(await api.GET('/api/v1/leads', { params: { query: { ...queryOf(search), limit: 25, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const total = useQuery({
    queryKey: ['leads-total', search],
    enabled: wantTotal,
    queryFn: async () => bodyOf(await api.GET('/api/v1/leads', { params: { query: { ...queryOf(search), limit: 1, withTotal: true } } })).total ?? 0,
  });
  const leads = pages.data?.pages.flatMap((page) => page.data) ?? [];
  const session = useSession();
  const staff = mayChangeLeads(session?.user.role);
  // Counts per status under every other filter: the chips say what each one would show.
  const summary = useQuery({
    queryKey: ['leads-summary', { ...search, status: undefined }],
    placeholderData: keepPreviousData,
    queryFn: async () => bodyOf(await api.GET('/api/v1/reports/leads/summary', { params: { query: { ...queryOf(search), status: undefined } } })).byStatus,
  });
  const oems = useOems(staff);
  const sources = useQuery({ queryKey: ['lead-sources'], staleTime: 60_000, queryFn: async () => bodyOf(await api.GET('/api/v1/lead-sources')) });
  const tags = useQuery({ queryKey: ['tags'], staleTime: 60_000, queryFn: async () => bodyOf(await api.GET('/api/v1/tags')) });
  const any = { value: '', label: t('flow.filters.any') };

  return (
    <Stack gap="sm">
      <Title order={1}>{t('leads.heading')}</Title>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t('leads.search')}
          type="search"
          value={q}
          onChange={(event) => {
            setQ(event.currentTarget.value);
            setQuery(event.currentTarget.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') setQuery.flush();
          }}
          w={240}
        />
        {staff && (
          <NativeSelect label={t('flow.filters.oem')} value={search.oemId ?? ''} onChange={(event) => setSearch({ oemId: event.currentTarget.value })}
            data={[any, ...(oems.data ?? []).map((oem) => ({ value: oem.id, label: oem.fullName }))]} w={180} />
        )}
        <NativeSelect label={t('flow.filters.source')} value={search.sourceId ?? ''} onChange={(event) => setSearch({ sourceId: event.currentTarget.value })}
          data={[any, ...(sources.data ?? []).map((source) => ({ value: String(source.id), label: source.name }))]} w={180} />
        <NativeSelect label={t('flow.filters.tag')} value={search.tag ?? ''} onChange={(event) => setSearch({ tag: event.currentTarget.value })}
          data={[any, ...(tags.data ?? []).map((tag) => ({ value: tag.tag, label: `${tag.tag} (${tag.count})` }))]} w={150} />
        <FilterInput label={t('leads.city')} value={search.city} onApply={(city) => setSearch({ city })} w={140} />
        <FilterInput label={t('leads.state')} value={search.state} onApply={(state) => setSearch({ state })} w={140} />
        <FilterInput label={t('leads.pincode')} value={search.pincode} onApply={(pincode) => setSearch({ pincode })} w={110} />
        <TextInput label={t('leads.createdFrom')} type="date" value={search.createdFrom ?? ''} onChange={(event) => setSearch({ createdFrom: event.currentTarget.value })} />
        <TextInput label={t('leads.createdTo')} type="date" value={search.createdTo ?? ''} onChange={(event) => setSearch({ createdTo: event.currentTarget.value })} />
        <Checkbox label={t('leads.overdue')} checked={search.overdue ?? false} onChange={(event) => setSearch({ overdue: event.currentTarget.checked || undefined })} mb={8} />
        {staff && session && (
          <Checkbox label={t('flow.filters.assignedToMe')} checked={search.assignedToId === session.user.id} onChange={(event) => setSearch({ assignedToId: event.currentTarget.checked ? session.user.id : undefined })} mb={8} />
        )}
      </Group>
      <Chip.Group multiple value={search.status ?? []} onChange={(value) => setSearch({ status: value as LeadStatus[] })}>
        <Group gap={6} role="group" aria-label={t('flow.filters.statusChips')}>
          {LEAD_STATUSES.map((status) => (
            <Chip key={status} value={status} size="xs">
              {summary.data ? t('flow.filters.count', { status: statusLabel(status), count: summary.data[status] ?? 0 }) : statusLabel(status)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <Group gap="sm">
        {staff && <Button size="xs" component={AnchorLink} to="/leads/new">{t('flow.newLead')}</Button>}
        <Button variant="default" size="xs" onClick={clearFilters}>{t('leads.clear')}</Button>
        <Button variant="default" size="xs" onClick={() => setWantTotal(true)}>{t('leads.showTotal')}</Button>
        {wantTotal && total.data !== undefined && <Text size="sm" aria-live="polite">{t('leads.total', { count: total.data })}</Text>}
      </Group>
      {pages.error && <Alert color="red" role="alert">{t('common.error', { detail: pages.error.message })}</Alert>}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('leads.customer')}</Table.Th>
            <Table.Th>{t('leads.phone')}</Table.Th>
            <Table.Th>{t('leads.city')}</Table.Th>
            <Table.Th>{t('leads.status')}</Table.Th>
            <Table.Th>{t('leads.created')}</Table.Th>
            <Table.Th>{t('flow.filters.sla')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {leads.map((lead) => (
            <Table.Tr key={lead.id}>
              <Table.Td><AnchorLink to="/leads/$leadId" params={{ leadId: lead.id }}>{lead.customerName}</AnchorLink></Table.Td>
              <Table.Td>{lead.customerPhone}</Table.Td>
              <Table.Td>{lead.city}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Badge variant="light">{statusLabel(lead.status)}</Badge>
                  {lead.sla?.overdue && <Badge color="red">{t('leads.overdueMark')}</Badge>}
                </Group>
              </Table.Td>
              <Table.Td>{new Date(lead.createdAt).toLocaleString()}</Table.Td>
              <Table.Td>
                {lead.sla && <Text size="xs" c={lead.sla.overdue ? 'red' : 'dimmed'}>{t('flow.filters.due', { due: new Date(lead.sla.dueAt).toLocaleString() })}</Text>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ListState pages={pages} count={leads.length} empty={t('leads.empty')} />
      <LoadMore pages={pages} label={t('leads.loadMore')} />
    </Stack>
  );
}
