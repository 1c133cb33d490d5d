/**
 * One lead: the customer's name as the level-1 heading, details with inline edit (If-Match; a 412
 * says "changed by someone else" and reloads), each transition the API allows now
 * (`allowedTransitions`) as a button named after its target status, the reasons form for hold and
 * cancel (`GET /closing-reasons`), and the timeline. An OEM reads it without the staff controls.
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Badge, Button, Card, Group, NativeSelect, List, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazyRouteComponent, useParams } from '@tanstack/react-router';
import { AnchorLink } from '../link';
import { Suspense, useState, type FormEvent } from 'react';
import { mayChangeLeads } from '../access';
import { statusLabel, t, useLanguage } from '../i18n';
import { ApiFailure, bodyOf } from '../problem';
import { api, useSession } from '../session';
import { OemLeadPanels } from './roles/oem-lead';

type Lead = Schemas['LeadResponseDto'];

/** Documents, survey, installation and closure pack: their own chunk, loaded with the first lead page. */
const LeadWork = lazyRouteComponent(() => import('./workflow/lead-work'));
type LeadStatus = Schemas['LeadStatus'];

/** Targets that need a closing reason (DESIGN §5, issue 14). */
const NEEDS_REASON: readonly LeadStatus[] = ['on_hold', 'cancelled'];

/** The fields the inline edit offers, as `UpdateLeadDto` names them. */
const EDITABLE = ['customerName', 'customerPhone', 'customerEmail', 'city', 'pincode', 'addressLine1'] as const;
type Editable = (typeof EDITABLE)[number];
const EDIT_LABELS: Record<Editable, Parameters<typeof t>[0]> = {
  customerName: 'lead.name', customerPhone: 'lead.phone', customerEmail: 'lead.email', city: 'lead.city', pincode: 'lead.pincode', addressLine1: 'lead.address',
};

const ifMatch = (lead: Lead) => ({ 'if-match': `W/"${lead.version}"` });

/** The lead page for `/admin/leads/$leadId`. */
export function LeadPage() {
  useLanguage();
  const { leadId } = useParams({ from: '/leads/$leadId' });
  const session = useSession();
  const staff = mayChangeLeads(session?.user.role);
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState(false);
  const lead = useQuery({
    queryKey: ['lead', leadId],
    queryFn: async () => bodyOf(await api.GET('/api/v1/leads/{id}', { params: { path: { id: leadId } } })),
  });
  const events = useQuery({
    queryKey: ['lead-events', leadId],
    queryFn: async () => bodyOf(await api.GET('/api/v1/leads/{id}/events', { params: { path: { id: leadId }, query: { limit: 100 } } })),
  });
  /** After a change, or a 412: read the lead and its timeline again. */
  const reload = () => Promise.all([queryClient.invalidateQueries({ queryKey: ['lead', leadId] }), queryClient.invalidateQueries({ queryKey: ['lead-events', leadId] }), queryClient.invalidateQueries({ queryKey: ['leads'] })]);
  const onFailure = (error: Error) => {
    if (error instanceof ApiFailure && error.status === 412) {
      setConflict(true);
      void reload();
    }
  };

  if (lead.isPending) return <Text>{t('common.loading')}</Text>;
  if (lead.error) return <Alert color="red" role="alert">{lead.error instanceof ApiFailure && lead.error.status === 404 ? t('common.notFound') : t('common.error', { detail: lead.error.message })}</Alert>;
  const data = lead.data;
  return (
    <Stack gap="md">
      <AnchorLink to="/leads">{t('lead.back')}</AnchorLink>
      <Group gap="sm">
        <Title order={1}>{data.customerName}</Title>
        <Badge size="lg" variant="light" aria-label={`${t('lead.status')}: ${statusLabel(data.status)}`}>{statusLabel(data.status)}</Badge>
        {data.sla && <Badge color={data.sla.overdue ? 'red' : 'gray'} variant="outline">{t(data.sla.overdue ? 'lead.overdue' : 'lead.sla', { due: new Date(data.sla.dueAt).toLocaleString() })}</Badge>}
      </Group>
      {conflict && <Alert color="orange" role="alert" withCloseButton onClose={() => setConflict(false)}>{t('lead.conflict')}</Alert>}
      {staff && <Transitions lead={data} onDone={reload} onFailure={onFailure} />}
      <Details lead={data} editable={staff} onSaved={() => { setConflict(false); return reload(); }} onFailure={onFailure} />
      <Suspense fallback={<Text>{t('common.loading')}</Text>}>
        <LeadWork lead={data} onChanged={reload} />
      </Suspense>
      {session?.user.role === 'oem' && <OemLeadPanels lead={data} />}
      <Card withBorder component="section" aria-label={t('lead.timeline')}>
        <Title order={2} size="h4" mb="sm">{t('lead.timeline')}</Title>
        {events.data && (
          <List type="ordered" spacing="xs">
            {events.data.data.map((event) => (
              <List.Item key={event.id}>
                <Text size="sm" fw={500}>{event.label}</Text>
                <Text size="xs" c="dimmed">{event.actorName} · {new Date(event.createdAt).toLocaleString()}</Text>
              </List.Item>
            ))}
          </List>
        )}
      </Card>
    </Stack>
  );
}

function Transitions({ lead, onDone, onFailure }: { lead: Lead; onDone: () => Promise<unknown>; onFailure: (error: Error) => void }) {
  const [reasonFor, setReasonFor] = useState<LeadStatus | null>(null);
  const move = useMutation({
    mutationFn: async (body: Schemas['LeadTransitionDto']) =>
      bodyOf(await api.POST('/api/v1/leads/{id}/transitions', { params: { path: { id: lead.id }, header: ifMatch(lead) }, body })),
    onSuccess: async () => {
      setReasonFor(null);
      await onDone();
    },
    onError: onFailure,
  });
  const targets = lead.allowedTransitions ?? [];
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">{t('lead.actions')}</Title>
      {targets.length === 0 && <Text size="sm">{t('lead.noActions')}</Text>}
      <Group gap="xs">
        {targets.map((to) => (
          <Button
            key={to}
            variant={to === 'cancelled' ? 'outline' : 'filled'}
            color={to === 'cancelled' ? 'red' : undefined}
            loading={move.isPending && move.variables?.to === to}
            onClick={() => (NEEDS_REASON.includes(to) ? setReasonFor(to) : move.mutate({ to }))}
          >
            {statusLabel(to)}
          </Button>
        ))}
      </Group>
      {move.error && !(move.error instanceof ApiFailure && move.error.status === 412) && <Alert mt="sm" color="red" role="alert">{move.error.message}</Alert>}
      {reasonFor && <ReasonForm to={reasonFor} busy={move.isPending} onCancel={() => setReasonFor(null)} onSubmit={(reasonCode, note) => move.mutate({ to: reasonFor, reasonCode, note: note || undefined })} />}
    </Card>
  );
}

function ReasonForm({ to, busy, onCancel, onSubmit }: { to: LeadStatus; busy: boolean; onCancel: () => void; onSubmit: (reasonCode: string, note: string) => void }) {
  const reasons = useQuery({ queryKey: ['closing-reasons'], queryFn: async () => bodyOf(await api.GET('/api/v1/closing-reasons')) });
  const options = (reasons.data ?? []).filter((reason) => reason.isActive && (reason.appliesTo as string[]).includes(to));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onSubmit(String(form.get('reasonCode')), String(form.get('note') ?? ''));
  };
  return (
    <form onSubmit={submit}>
      <Stack mt="md" gap="xs" maw={420}>
        <Text fw={600}>{t('lead.reasonHeading', { status: statusLabel(to) })}</Text>
        <NativeSelect name="reasonCode" label={t('lead.reasonCode')} required data={options.map((reason) => ({ value: reason.code, label: reason.label }))} />
        <Textarea name="note" label={t('lead.note')} maxLength={500} autosize minRows={2} />
        <Group gap="xs">
          <Button type="submit" loading={busy} disabled={!options.length}>{t('lead.confirm')}</Button>
          <Button variant="default" onClick={onCancel}>{t('common.cancel')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function Details({ lead, editable, onSaved, onFailure }: { lead: Lead; editable: boolean; onSaved: () => Promise<unknown>; onFailure: (error: Error) => void }) {
  const [editing, setEditing] = useState(false);
  const save = useMutation({
    mutationFn: async (body: Schemas['UpdateLeadDto']) =>
      bodyOf(await api.PATCH('/api/v1/leads/{id}', { params: { path: { id: lead.id }, header: ifMatch(lead) }, body })),
    onSuccess: async () => {
      setEditing(false);
      await onSaved();
    },
    onError: (error) => {
      if (error instanceof ApiFailure && error.status === 412) setEditing(false);
      onFailure(error);
    },
  });
  const fieldErrors = save.error instanceof ApiFailure ? save.error.fieldErrors : {};
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const changed: Record<string, string | null> = {};
    for (const field of EDITABLE) {
      const value = String(form.get(field) ?? '').trim();
      if (value !== (lead[field] ?? '')) changed[field] = value === '' && field === 'customerEmail' ? null : value;
    }
    save.mutate(changed as Schemas['UpdateLeadDto']);
  };
  if (editing) {
    return (
      <Card withBorder component="form" onSubmit={submit}>
        <Title order={2} size="h4" mb="sm">{t('lead.details')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {EDITABLE.map((field) => (
            <TextInput key={field} name={field} label={t(EDIT_LABELS[field])} defaultValue={lead[field] ?? ''} error={fieldErrors[field]} />
          ))}
        </SimpleGrid>
        {save.error && !Object.keys(fieldErrors).length && !(save.error instanceof ApiFailure && save.error.status === 412) && <Alert mt="sm" color="red" role="alert">{save.error.message}</Alert>}
        <Group mt="sm" gap="xs">
          <Button type="submit" loading={save.isPending}>{t('common.save')}</Button>
          <Button variant="default" onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
        </Group>
      </Card>
    );
  }
  const rows: [Parameters<typeof t>[0], string | null | undefined][] = [
    ['lead.phone', lead.customerPhone],
    ['lead.email', lead.customerEmail],
    ['lead.address', [lead.addressLine1, lead.addressLine2, lead.city, lead.state, lead.pincode].filter(Boolean).join(', ')],
    ['lead.oem', lead.oem?.fullName],
    ['lead.source', lead.source?.name],
    ['lead.assignedTo', lead.assignedTo?.fullName],
    ['lead.charger', lead.chargerModel],
  ];
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">{t('lead.details')}</Title>
        {editable && <Button size="xs" variant="default" onClick={() => { save.reset(); setEditing(true); }}>{t('lead.edit')}</Button>}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" component="dl">
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text component="dt" size="xs" c="dimmed">{t(label)}</Text>
            <Text component="dd" m={0}>{value || t('common.none')}</Text>
          </div>
        ))}
      </SimpleGrid>
    </Card>
  );
}
