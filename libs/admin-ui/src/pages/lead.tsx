/**
 * One lead: the customer's name as the level-1 heading, details with inline edit (If-Match; a 412
 * keeps the form and the values typed, reloads the lead and says which of its fields changed, so
 * the edit is saved again on the new version), each transition the API allows now
 * (`allowedTransitions`) as a button named after its target status, the reasons form for hold and
 * cancel (`GET /closing-reasons`), and the timeline (oldest first, "Load more" for the later
 * entries). An on-hold or cancelled lead says why (the reason's label and code, and the note); a
 * lead the duplicate check flagged links to the lead it may repeat. Central Ops assign the lead to
 * themselves or unassign it (`PATCH` with `assignedToId`, If-Match: a 412 is the page's "changed by
 * someone else") and replace its tags (`PUT /leads/{id}/tags`). An OEM reads it without the staff
 * controls. "All leads" goes back to the list as it was last filtered in this tab.
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Badge, Button, Card, Group, NativeSelect, List, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazyRouteComponent, Link, useParams } from '@tanstack/react-router';
import { AnchorLink } from '../link';
import { LoadMore } from '../load-more';
import { Suspense, useState, type FormEvent, type ReactNode } from 'react';
import { mayChangeLeads } from '../access';
import { statusLabel, t, useLanguage } from '../i18n';
import { ApiFailure, bodyOf, formAlertOf } from '../problem';
import { api, useSession } from '../session';
import { lastLeadSearch } from './leads';
import { OemLeadPanels } from './roles/oem-lead';

type Lead = Schemas['LeadResponseDto'];

/** Documents, survey, installation and closure pack: their own chunk, loaded with the first lead page. */
const LeadWork = lazyRouteComponent(() => import('./workflow/lead-work'));
type LeadStatus = Schemas['LeadStatus'];

/** Targets that need a closing reason (DESIGN §5, issue 14). */
const NEEDS_REASON: readonly LeadStatus[] = ['on_hold', 'cancelled'];
/** Statuses whose lead `PATCH /leads/{id}` refuses (409 `LEAD_FINAL`): no assignment there. */
const FINAL: readonly LeadStatus[] = ['closed', 'cancelled'];

/** `GET /closing-reasons`, every reason (inactive ones too, so an older lead's reason keeps its label). */
const closingReasons = queryOptions({ queryKey: ['closing-reasons'], queryFn: async () => bodyOf(await api.GET('/api/v1/closing-reasons')) });

/**
 * The fields the inline edit offers, as `UpdateLeadDto` names them. The state is among them: a
 * pincode of another state is refused (400 naming `state`) unless the state moves with it.
 */
const EDITABLE = ['customerName', 'customerPhone', 'customerEmail', 'city', 'state', 'pincode', 'addressLine1'] as const;
type Editable = (typeof EDITABLE)[number];
const EDIT_LABELS: Record<Editable, Parameters<typeof t>[0]> = {
  customerName: 'lead.name', customerPhone: 'lead.phone', customerEmail: 'lead.email', city: 'lead.city', state: 'lead.state', pincode: 'lead.pincode', addressLine1: 'lead.address',
};

/** Timeline entries per page (`GET /leads/{id}/events`, oldest first). */
const TIMELINE_PAGE = 50;

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
  // Oldest first: a busy lead's later entries come with "Load more" (nextCursor).
  const events = useInfiniteQuery({
    queryKey: ['lead-events', leadId],
    queryFn: async ({ pageParam }) =>
      bodyOf(await api.GET('/api/v1/leads/{id}/events', { params: { path: { id: leadId }, query: { limit: TIMELINE_PAGE, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  /**
   * After a change, or a 412: read the lead, its timeline and its survey and installation again
   * (a lead change may change them: cancelling the lead cancels its open survey).
   */
  const reload = () =>
    Promise.all(
      [['lead', leadId], ['lead-events', leadId], ['leads'], ['survey'], ['installation']].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
  /** Reads the lead again and returns it as it is now. */
  const reloadLead = async () => {
    await reload();
    return queryClient.getQueryData<Lead>(['lead', leadId]);
  };
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
      <AnchorLink to="/leads" search={lastLeadSearch()}>{t('lead.back')}</AnchorLink>
      <Group gap="sm">
        <Title order={1}>{data.customerName}</Title>
        <Badge size="lg" variant="light" aria-label={`${t('lead.status')}: ${statusLabel(data.status)}`}>{statusLabel(data.status)}</Badge>
        {data.sla && <Badge color={data.sla.overdue ? 'red' : 'gray'} variant="outline">{t(data.sla.overdue ? 'lead.overdue' : 'lead.sla', { due: new Date(data.sla.dueAt).toLocaleString() })}</Badge>}
        {data.possibleDuplicateOfId && (
          <Link to="/leads/$leadId" params={{ leadId: data.possibleDuplicateOfId }} title={t('lead.duplicateOf')}>
            <Badge color="orange" variant="light" style={{ cursor: 'pointer' }}>{t('lead.possibleDuplicate')}</Badge>
          </Link>
        )}
      </Group>
      {conflict && <Alert color="orange" role="alert" withCloseButton onClose={() => setConflict(false)}>{t('lead.conflict')}</Alert>}
      {staff && <Transitions lead={data} onDone={reload} onFailure={onFailure} />}
      <Details lead={data} editable={staff} onSaved={() => { setConflict(false); return reload(); }} onFailure={onFailure} reloadLead={reloadLead} />
      <Suspense fallback={<Text>{t('common.loading')}</Text>}>
        <LeadWork lead={data} onChanged={reload} />
      </Suspense>
      {session?.user.role === 'oem' && <OemLeadPanels lead={data} />}
      <Card withBorder component="section" aria-label={t('lead.timeline')}>
        <Title order={2} size="h4" mb="sm">{t('lead.timeline')}</Title>
        {events.data && (
          <List type="ordered" spacing="xs" mb="xs">
            {events.data.pages.flatMap((page) => page.data).map((event) => (
              <List.Item key={event.id}>
                <Text size="sm" fw={500}>{event.label}</Text>
                <Text size="xs" c="dimmed">{event.actorName} · {new Date(event.createdAt).toLocaleString()}</Text>
              </List.Item>
            ))}
          </List>
        )}
        <LoadMore pages={events} size="xs" label={t('leads.loadMore')} />
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
  const reasons = useQuery(closingReasons);
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

/** An editable field someone else changed while the form was open: the field, its old and its new value. */
interface FieldChange {
  field: Editable;
  from: string;
  to: string;
}

/** The form's state: the lead it is an edit of (`base`: its version is the If-Match), what is typed, and what changed meanwhile. */
interface Edit {
  base: Lead;
  values: Record<Editable, string>;
  changed: FieldChange[] | null;
}

const valueOf = (lead: Lead, field: Editable) => lead[field] ?? '';
const sameFields = (a: Lead, b: Lead) => EDITABLE.every((field) => valueOf(a, field) === valueOf(b, field));

/**
 * The lead's details, its assignment and tags, and the details' inline edit. An on-hold or
 * cancelled lead shows why first: the closing reason's label (`GET /closing-reasons`) with its
 * code, and the note. Central Ops assign the lead to themselves (the API takes only active Central
 * Ops users, and a Central Ops agent cannot list the others: `GET /users` is admin-only) or unassign
 * it, with the lead's version as If-Match: a 412 goes to `onFailure`, the page's "changed by someone
 * else" that reads the lead again. The inline edit. The edit starts from the lead as shown when "Edit
 * details" was pressed (`base`): only the fields changed from it are sent, with its version as
 * If-Match, so a change someone made meanwhile answers 412 instead of being undone. A new version
 * of the lead that leaves these fields as they were (the page's own transition, upload or booking)
 * becomes the base at once, so the agent's own work never causes a 412. After a 412 the form stays
 * open: the lead is read again, the fields changed meanwhile are listed (old → new), those the agent
 * did not touch take their new value, what the agent typed stays, and Save sends it on the new version.
 */
function Details({ lead, editable, onSaved, onFailure, reloadLead }: {
  lead: Lead;
  editable: boolean;
  onSaved: () => Promise<unknown>;
  onFailure: (error: Error) => void;
  reloadLead: () => Promise<Lead | undefined>;
}) {
  const session = useSession();
  const [edit, setEdit] = useState<Edit | null>(null);
  const [tagging, setTagging] = useState(false);
  const held = NEEDS_REASON.includes(lead.status);
  const reasons = useQuery({ ...closingReasons, enabled: held && !!lead.closingReasonCode });
  const assign = useMutation({
    mutationFn: async (assignedToId: string | null) =>
      bodyOf(await api.PATCH('/api/v1/leads/{id}', { params: { path: { id: lead.id }, header: ifMatch(lead) }, body: { assignedToId } })),
    onSuccess: onSaved,
    onError: onFailure,
  });
  if (edit && lead.version > edit.base.version && sameFields(edit.base, lead)) setEdit({ ...edit, base: lead });
  const save = useMutation({
    mutationFn: async ({ from, body }: { from: Lead; body: Schemas['UpdateLeadDto'] }) =>
      bodyOf(await api.PATCH('/api/v1/leads/{id}', { params: { path: { id: from.id }, header: ifMatch(from) }, body })),
    onSuccess: async () => {
      setEdit(null);
      await onSaved();
    },
    onError: async (error, { from }) => {
      if (!(error instanceof ApiFailure && error.status === 412)) return;
      const now = await reloadLead();
      if (!now) return;
      setEdit((current) => {
        if (!current) return current;
        const changed = EDITABLE.filter((field) => valueOf(from, field) !== valueOf(now, field)).map((field) => ({ field, from: valueOf(from, field), to: valueOf(now, field) }));
        const values = { ...current.values };
        // A field the agent left as it was shows its new value; what the agent typed is kept.
        for (const { field, from: old, to } of changed) if (values[field].trim() === old) values[field] = to;
        return { base: now, values, changed };
      });
    },
  });
  const fieldErrors = save.error instanceof ApiFailure ? save.error.fieldErrors : {};
  const stale = save.error instanceof ApiFailure && save.error.status === 412;
  const alert = stale ? null : formAlertOf(save.error, EDITABLE);
  if (edit) {
    const { base, values } = edit;
    const submit = (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const changed: Record<string, string | null> = {};
      for (const field of EDITABLE) {
        const value = values[field].trim();
        if (value !== valueOf(base, field)) changed[field] = value === '' && field === 'customerEmail' ? null : value;
      }
      setEdit({ ...edit, changed: null });
      if (Object.keys(changed).length) save.mutate({ from: base, body: changed as Schemas['UpdateLeadDto'] });
      else setEdit(null);
    };
    return (
      <Card withBorder component="form" onSubmit={submit}>
        <Title order={2} size="h4" mb="sm">{t('lead.details')}</Title>
        {(stale || edit.changed) && (
          <Alert mb="sm" color="orange" role="alert">
            <Text size="sm">{t('lead.editConflict')}</Text>
            {edit.changed?.length === 0 && <Text size="sm">{t('lead.noFieldChanged')}</Text>}
            {edit.changed && edit.changed.length > 0 && (
              <>
                <Text size="sm" fw={600}>{t('lead.changedMeanwhile')}</Text>
                <List size="sm">
                  {edit.changed.map(({ field, from, to }) => (
                    <List.Item key={field}>{t('lead.change', { field: t(EDIT_LABELS[field]), from: from || t('common.none'), to: to || t('common.none') })}</List.Item>
                  ))}
                </List>
              </>
            )}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {EDITABLE.map((field) => (
            <TextInput key={field} name={field} label={t(EDIT_LABELS[field])} value={values[field]} error={fieldErrors[field]}
              onChange={(event) => { const value = event.currentTarget.value; setEdit((current) => current && { ...current, values: { ...current.values, [field]: value } }); }} />
          ))}
        </SimpleGrid>
        {alert && <Alert mt="sm" color="red" role="alert">{alert}</Alert>}
        <Group mt="sm" gap="xs">
          <Button type="submit" loading={save.isPending}>{t('common.save')}</Button>
          <Button variant="default" onClick={() => setEdit(null)}>{t('common.cancel')}</Button>
        </Group>
      </Card>
    );
  }
  const me = session?.user;
  const code = lead.closingReasonCode;
  const reason = code ? reasons.data?.find((item) => item.code === code) : undefined;
  // Only an active Central Ops user may be assigned (seed 000), so an admin has no "Assign to me".
  const assignable = editable && !FINAL.includes(lead.status);
  const assignment = (
    <Group gap="xs" component="span">
      <span>{lead.assignedTo?.fullName || t('common.none')}</span>
      {assignable && me?.role === 'central_ops' && lead.assignedToId !== me.id && (
        <Button size="compact-xs" variant="light" loading={assign.isPending && assign.variables === me.id} onClick={() => assign.mutate(me.id)}>{t('lead.assignToMe')}</Button>
      )}
      {assignable && lead.assignedToId && (
        <Button size="compact-xs" variant="default" loading={assign.isPending && assign.variables === null} onClick={() => assign.mutate(null)}>{t('lead.unassign')}</Button>
      )}
    </Group>
  );
  const rows: [string, ReactNode][] = [
    ...(held && code ? [[t('lead.closingReason', { status: statusLabel(lead.status) }), <>{reason?.label ?? code}{reason && <Text span size="xs" c="dimmed"> ({code})</Text>}</>] as [string, ReactNode]] : []),
    ...(held && lead.closingReason ? [[t('lead.closingNote'), lead.closingReason] as [string, ReactNode]] : []),
    [t('lead.phone'), lead.customerPhone],
    [t('lead.email'), lead.customerEmail],
    [t('lead.address'), [lead.addressLine1, lead.addressLine2, lead.city, lead.state, lead.pincode].filter(Boolean).join(', ')],
    [t('lead.oem'), lead.oem?.fullName],
    [t('lead.source'), lead.source?.name],
    [t('lead.assignedTo'), assignment],
    [t('lead.charger'), lead.chargerModel],
    [t('lead.tags'), lead.tags.length > 0 && <Group gap={4} component="span">{lead.tags.map((tag) => <Badge key={tag} variant="outline" tt="none">{tag}</Badge>)}</Group>],
  ];
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">{t('lead.details')}</Title>
        {editable && (
          <Group gap="xs">
            {!tagging && <Button size="xs" variant="default" onClick={() => setTagging(true)}>{t('lead.editTags')}</Button>}
            <Button size="xs" variant="default" onClick={() => { save.reset(); setTagging(false); setEdit({ base: lead, values: Object.fromEntries(EDITABLE.map((field) => [field, valueOf(lead, field)])) as Record<Editable, string>, changed: null }); }}>
              {t('lead.edit')}
            </Button>
          </Group>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" component="dl">
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text component="dt" size="xs" c="dimmed">{label}</Text>
            <Text component="dd" m={0}>{value || t('common.none')}</Text>
          </div>
        ))}
      </SimpleGrid>
      {assign.error && !(assign.error instanceof ApiFailure && assign.error.status === 412) && <Alert mt="sm" color="red" role="alert">{formAlertOf(assign.error, [])}</Alert>}
      {tagging && <TagsForm lead={lead} onClose={() => setTagging(false)} onSaved={onSaved} />}
    </Card>
  );
}

/**
 * The lead's tags as one comma-separated box, replaced as a whole set (`PUT /leads/{id}/tags`, no
 * If-Match: the last set sent stays). Sent as typed: the API trims and lower-cases each tag and
 * refuses one that is not 1–40 characters of letters, digits, single spaces and `_-.:/`, or more
 * than 20, its message under the box. Saved, the list's tag filter (`GET /tags`) is read again.
 */
function TagsForm({ lead, onClose, onSaved }: { lead: Lead; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const queryClient = useQueryClient();
  const [value, setValue] = useState(lead.tags.join(', '));
  const save = useMutation({
    mutationFn: async (tags: string[]) => bodyOf(await api.PUT('/api/v1/leads/{id}/tags', { params: { path: { id: lead.id } }, body: { tags } })),
    onSuccess: async () => {
      await Promise.all([onSaved(), queryClient.invalidateQueries({ queryKey: ['tags'] })]);
      onClose();
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(value.split(',').map((tag) => tag.trim()).filter(Boolean));
  };
  const alert = formAlertOf(save.error, ['tags']);
  return (
    <form onSubmit={submit}>
      <Stack mt="sm" gap="xs" maw={520}>
        <TextInput name="tags" label={t('lead.tags')} description={t('lead.tagsHint')} value={value} error={save.error instanceof ApiFailure ? save.error.fieldErrors.tags : undefined}
          onChange={(event) => setValue(event.currentTarget.value)} />
        {alert && <Alert color="red" role="alert">{alert}</Alert>}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={save.isPending}>{t('lead.saveTags')}</Button>
          <Button size="xs" variant="default" onClick={onClose}>{t('common.cancel')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
