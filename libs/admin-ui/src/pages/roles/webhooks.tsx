/**
 * Webhook subscriptions (an OEM its own; admin and Central Ops any OEM's): the list newest first
 * with each one's state, a new subscription (`POST /webhook-subscriptions`: URL, events,
 * description; staff name the OEM from `GET /oems`) whose signing secret is shown once, pause and
 * resume (`PATCH` `active`; resuming also re-enables one the server disabled), a new secret
 * (`rotate-secret`, shown once), a test event (`POST …/test`), delete after a confirmation, and
 * each one's deliveries (status, attempts, last answer, next attempt; "Load more") with "Retry"
 * on a failed one (`POST /webhook-deliveries/{id}/retry`).
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Badge, Button, Card, Checkbox, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { t, useLanguage } from '../../i18n';
import { bodyOf } from '../../problem';
import { ListState, LoadMore } from '../../load-more';
import { api, useSession } from '../../session';
import { useOems } from '../pickers';
import { FormError, SecretOnce, expectOk, fieldErrorsOf } from './shared';

type Subscription = Schemas['WebhookSubscriptionResponseDto'];
type EventType = Schemas['CreateWebhookSubscriptionDto']['events'][number];

/** The badge colour of each delivery status. */
const DELIVERY_COLOURS: Record<string, string> = { delivered: 'green', failed: 'red', pending: 'yellow' };

/** The event types a subscription may receive, as the spec's enum lists them. */
const EVENT_TYPES: readonly EventType[] = [
  'lead.created', 'lead.status_changed', 'survey.scheduled', 'survey.completed', 'installation.scheduled', 'installation.completed', 'closure_pack.ready', 'lead.anonymised',
];

/** The webhooks page at `/admin/webhooks`. */
export function WebhooksPage() {
  useLanguage();
  // Staff see every OEM's subscriptions and name the OEM of a new one.
  const isStaff = useSession()?.user.role !== 'oem';
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [deleting, setDeleting] = useState<Subscription | null>(null);
  const [openDeliveries, setOpenDeliveries] = useState<string | null>(null);
  const oems = useOems(isStaff);
  const pages = useInfiniteQuery({
    queryKey: ['webhooks'],
    queryFn: async ({ pageParam }) => bodyOf(await api.GET('/api/v1/webhook-subscriptions', { params: { query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['webhooks'] });
  const setActive = useMutation({
    mutationFn: async ({ id, active }: { id: string; active: boolean }) => bodyOf(await api.PATCH('/api/v1/webhook-subscriptions/{id}', { params: { path: { id } }, body: { active } })),
    onSuccess: refresh,
  });
  const rotate = useMutation({
    mutationFn: async (id: string) => bodyOf(await api.POST('/api/v1/webhook-subscriptions/{id}/rotate-secret', { params: { path: { id } } })),
    onSuccess: (rotated) => setSecret({ url: rotated.url, secret: rotated.secret }),
  });
  const sendTest = useMutation({
    mutationFn: async (id: string) => bodyOf(await api.POST('/api/v1/webhook-subscriptions/{id}/test', { params: { path: { id } } })),
    onSuccess: async (delivery) => {
      setOpenDeliveries(delivery.subscriptionId);
      await queryClient.invalidateQueries({ queryKey: ['webhook-deliveries', delivery.subscriptionId] });
    },
  });
  const remove = useMutation({
    mutationFn: async (id: string) => expectOk(await api.DELETE('/api/v1/webhook-subscriptions/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      setDeleting(null);
      await refresh();
    },
  });
  const subscriptions = pages.data?.pages.flatMap((page) => page.data) ?? [];
  const oemName = (id: string) => oems.data?.find((oem) => oem.id === id)?.fullName ?? id;

  return (
    <Stack gap="md">
      <Title order={1}>{t('webhooks.heading')}</Title>
      <Text size="sm">{t('webhooks.intro')}</Text>
      {secret && <SecretOnce label={`${t('webhooks.newSecret')}: ${secret.url}`} secret={secret.secret} onDone={() => setSecret(null)} />}
      <CreateSubscription
        oems={isStaff ? (oems.data ?? []) : null}
        onCreated={async (created) => {
          setSecret({ url: created.url, secret: created.secret });
          await refresh();
        }}
      />
      {pages.error && <Alert color="red" role="alert">{t('common.error', { detail: pages.error.message })}</Alert>}
      <FormError error={setActive.error ?? rotate.error ?? remove.error} />
      <ListState pages={pages} count={subscriptions.length} empty={t('webhooks.empty')} />
      {subscriptions.map((subscription) => (
        <Card key={subscription.id} withBorder component="article" aria-label={subscription.url}>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text fw={600} style={{ wordBreak: 'break-all' }}>{subscription.url}</Text>
            <StateBadge subscription={subscription} />
          </Group>
          {isStaff && <Text size="xs" c="dimmed">{t('webhooks.oem')}: {oemName(subscription.oemId)}</Text>}
          {subscription.description && <Text size="sm">{subscription.description}</Text>}
          <Group gap={4} mt={4}>
            {subscription.events.map((event) => <Badge key={event} variant="outline" size="sm" tt="none">{event}</Badge>)}
          </Group>
          <Group gap="xs" mt="sm">
            <Button
              size="xs"
              variant="default"
              loading={setActive.isPending && setActive.variables?.id === subscription.id}
              onClick={() => setActive.mutate({ id: subscription.id, active: !subscription.active })}
            >
              {subscription.active ? t('webhooks.pause') : t('webhooks.resume')}
            </Button>
            <Button size="xs" variant="default" loading={rotate.isPending && rotate.variables === subscription.id} onClick={() => rotate.mutate(subscription.id)}>{t('webhooks.rotate')}</Button>
            <Button size="xs" variant="default" loading={sendTest.isPending && sendTest.variables === subscription.id} onClick={() => sendTest.mutate(subscription.id)}>{t('webhooks.sendTest')}</Button>
            <Button size="xs" variant="subtle" onClick={() => setOpenDeliveries(openDeliveries === subscription.id ? null : subscription.id)} aria-expanded={openDeliveries === subscription.id}>
              {t('webhooks.deliveries')}
            </Button>
            <Button size="xs" color="red" variant="outline" onClick={() => setDeleting(subscription)}>{t('webhooks.delete')}</Button>
          </Group>
          {sendTest.variables === subscription.id && sendTest.isSuccess && <Alert color="green" role="status" mt="xs">{t('webhooks.testQueued')}</Alert>}
          {sendTest.variables === subscription.id && <FormError error={sendTest.error} />}
          {openDeliveries === subscription.id && <Deliveries id={subscription.id} />}
        </Card>
      ))}
      <LoadMore pages={pages} />
      {deleting && (
        <Modal opened onClose={() => setDeleting(null)} title={t('webhooks.delete')}>
          <Stack gap="sm">
            <Text style={{ wordBreak: 'break-all' }}>{t('webhooks.confirmDelete', { url: deleting.url })}</Text>
            <Group gap="xs">
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(deleting.id)}>{t('webhooks.delete')}</Button>
              <Button variant="default" onClick={() => setDeleting(null)}>{t('common.cancel')}</Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}

function StateBadge({ subscription }: { subscription: Subscription }) {
  if (subscription.disabledReason) return <Badge color="red">{t('webhooks.disabled', { reason: subscription.disabledReason })}</Badge>;
  return subscription.active ? <Badge color="green">{t('webhooks.active')}</Badge> : <Badge color="gray">{t('webhooks.paused')}</Badge>;
}

function CreateSubscription({ oems, onCreated }: { oems: Schemas['OemSummaryDto'][] | null; onCreated: (created: Schemas['WebhookSubscriptionWithSecretDto']) => Promise<void> }) {
  const [formKey, setFormKey] = useState(0);
  const create = useMutation({
    mutationFn: async (body: Schemas['CreateWebhookSubscriptionDto']) => bodyOf(await api.POST('/api/v1/webhook-subscriptions', { body })),
    onSuccess: async (created) => {
      setFormKey((key) => key + 1);
      await onCreated(created);
    },
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const description = String(form.get('description') ?? '').trim();
    const oemId = String(form.get('oemId') ?? '');
    create.mutate({
      url: String(form.get('url') ?? '').trim(),
      events: form.getAll('events').map(String) as EventType[],
      ...(description && { description }),
      ...(oemId && { oemId }),
    });
  };
  return (
    <Card withBorder component="form" onSubmit={submit} key={formKey} aria-label={t('webhooks.create')}>
      <Title order={2} size="h4" mb="xs">{t('webhooks.create')}</Title>
      <Stack gap="sm">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput name="url" type="url" label={t('webhooks.url')} placeholder="https://" required w={360} error={errors.url} />
          <TextInput name="description" label={t('webhooks.description')} w={260} error={errors.description} />
          {oems && <NativeSelect name="oemId" label={t('webhooks.oem')} required data={oems.map((oem) => ({ value: oem.id, label: oem.fullName }))} error={errors.oemId} />}
        </Group>
        <Checkbox.Group label={t('webhooks.events')} error={errors.events}>
          <Group gap="md" mt={4}>
            {EVENT_TYPES.map((event) => <Checkbox key={event} name="events" value={event} label={event} />)}
          </Group>
        </Checkbox.Group>
      </Stack>
      <FormError error={create.error} fields={['url', 'description', 'events', ...(oems ? ['oemId'] : [])]} />
      <Button type="submit" mt="sm" loading={create.isPending}>{t('webhooks.create')}</Button>
    </Card>
  );
}

/** A time as the user's locale writes it, or "—". */
const when = (value: string | null | undefined) => (value ? new Date(value).toLocaleString() : t('common.none'));

function Deliveries({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const pages = useInfiniteQuery({
    queryKey: ['webhook-deliveries', id],
    queryFn: async ({ pageParam }) => bodyOf(await api.GET('/api/v1/webhook-subscriptions/{id}/deliveries', { params: { path: { id }, query: { limit: 10, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const retry = useMutation({
    mutationFn: async (deliveryId: string) => bodyOf(await api.POST('/api/v1/webhook-deliveries/{id}/retry', { params: { path: { id: deliveryId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhook-deliveries', id] }),
  });
  const deliveries = pages.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <Stack gap="xs" mt="xs" component="section" aria-label={t('webhooks.deliveries')}>
      <Group gap="xs">
        <Text fw={600} size="sm">{t('webhooks.deliveries')}</Text>
        <Button size="compact-xs" variant="subtle" loading={pages.isRefetching} onClick={() => void pages.refetch()}>{t('webhooks.refresh')}</Button>
      </Group>
      {retry.isSuccess && <Alert color="green" role="status">{t('webhooks.retryQueued')}</Alert>}
      <FormError error={retry.error} />
      {pages.isPending && <Text size="sm">{t('common.loading')}</Text>}
      {pages.error && <Alert color="red" role="alert">{pages.error.message}</Alert>}
      {pages.isSuccess && deliveries.length === 0 && <Text size="sm">{t('webhooks.noDeliveries')}</Text>}
      {deliveries.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('webhooks.event')}</Table.Th>
                <Table.Th>{t('webhooks.deliveryStatus')}</Table.Th>
                <Table.Th>{t('webhooks.attempts')}</Table.Th>
                <Table.Th>{t('webhooks.lastResponse')}</Table.Th>
                <Table.Th>{t('webhooks.lastAttempt')}</Table.Th>
                <Table.Th>{t('webhooks.nextAttempt')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deliveries.map((delivery) => (
                <Table.Tr key={delivery.id}>
                  <Table.Td>{delivery.eventType}</Table.Td>
                  <Table.Td><Badge variant="light" color={DELIVERY_COLOURS[delivery.status] ?? 'gray'}>{delivery.status}</Badge></Table.Td>
                  <Table.Td>{delivery.attempts}</Table.Td>
                  <Table.Td>{delivery.lastResponseCode ?? delivery.lastError ?? t('common.none')}</Table.Td>
                  <Table.Td>{when(delivery.lastAttemptAt)}</Table.Td>
                  <Table.Td>{when(delivery.nextAttemptAt)}</Table.Td>
                  <Table.Td>
                    {delivery.status === 'failed' && (
                      <Button size="compact-xs" variant="light" aria-label={t('webhooks.retryOf', { event: delivery.eventType, at: when(delivery.createdAt) })} loading={retry.isPending && retry.variables === delivery.id} onClick={() => retry.mutate(delivery.id)}>
                        {t('webhooks.retry')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore pages={pages} size="xs" />
    </Stack>
  );
}
