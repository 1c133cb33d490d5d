/**
 * Lead sources (admin only): every source with its type and OEM (`GET /lead-sources`), a new one
 * (`POST /lead-sources`) and changes to one (`PATCH /lead-sources/{id}`; no OEM detaches it, which
 * makes it shared). The API deletes none: a source leads point at stays.
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Button, Card, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { t, useLanguage } from '../../i18n';
import { bodyOf } from '../../problem';
import { api } from '../../session';
import { useOems } from '../pickers';
import { FormError, fieldErrorsOf } from './shared';

type Source = Schemas['LeadSourceResponseDto'];
type SourceType = Schemas['SourceType'];
const SOURCE_TYPES: readonly SourceType[] = ['api', 'manual', 'portal'];

/** The lead sources page at `/admin/lead-sources`. */
export function LeadSourcesPage() {
  useLanguage();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Source | null>(null);
  const sources = useQuery({ queryKey: ['lead-sources'], queryFn: async () => bodyOf(await api.GET('/api/v1/lead-sources')) });
  const oems = useOems();
  const oemName = (id: string | null) => (id ? (oems.data?.find((oem) => oem.id === id)?.fullName ?? id) : t('sources.shared'));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['lead-sources'] });
  return (
    <Stack gap="md">
      <Title order={1}>{t('sources.heading')}</Title>
      <Card withBorder aria-label={t('sources.create')} component="section">
        <Title order={2} size="h4" mb="xs">{t('sources.create')}</Title>
        <SourceForm oems={oems.data ?? []} onSaved={refresh} />
      </Card>
      {sources.error && <Alert color="red" role="alert">{t('common.error', { detail: sources.error.message })}</Alert>}
      {sources.isPending && <Text>{t('common.loading')}</Text>}
      {sources.data?.length === 0 && <Text>{t('sources.empty')}</Text>}
      {sources.data && sources.data.length > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sources.name')}</Table.Th>
              <Table.Th>{t('sources.type')}</Table.Th>
              <Table.Th>{t('sources.oem')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sources.data.map((source) => (
              <Table.Tr key={source.id}>
                <Table.Td>{source.name}</Table.Td>
                <Table.Td>{source.sourceType}</Table.Td>
                <Table.Td>{oemName(source.oemId)}</Table.Td>
                <Table.Td ta="right">
                  <Button size="compact-xs" variant="default" onClick={() => setEditing(source)}>{t('sources.edit', { name: source.name })}</Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <Modal opened onClose={() => setEditing(null)} title={t('sources.edit', { name: editing.name })}>
          <SourceForm source={editing} oems={oems.data ?? []} onSaved={async () => { setEditing(null); await refresh(); }} />
        </Modal>
      )}
    </Stack>
  );
}

/** Creates a source, or changes `source` when given. */
function SourceForm({ source, oems, onSaved }: { source?: Source; oems: Schemas['OemSummaryDto'][]; onSaved: () => Promise<unknown> }) {
  const [formKey, setFormKey] = useState(0);
  const save = useMutation({
    mutationFn: async (body: { name: string; sourceType: SourceType; oemId: string | null }) =>
      source
        ? bodyOf(await api.PATCH('/api/v1/lead-sources/{id}', { params: { path: { id: source.id } }, body }))
        : bodyOf(await api.POST('/api/v1/lead-sources', { body: { name: body.name, sourceType: body.sourceType, ...(body.oemId && { oemId: body.oemId }) } })),
    onSuccess: async () => {
      setFormKey((key) => key + 1);
      await onSaved();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate({ name: String(form.get('name') ?? '').trim(), sourceType: String(form.get('sourceType')) as SourceType, oemId: String(form.get('oemId') ?? '') || null });
  };
  return (
    <form onSubmit={submit} key={formKey}>
      <Group align="flex-start" gap="sm">
        <TextInput name="name" label={t('sources.name')} required defaultValue={source?.name} error={errors.name} />
        <NativeSelect name="sourceType" label={t('sources.type')} defaultValue={source?.sourceType ?? 'manual'} data={[...SOURCE_TYPES]} error={errors.sourceType} />
        <NativeSelect
          name="oemId"
          label={t('sources.oem')}
          defaultValue={source?.oemId ?? ''}
          data={[
            { value: '', label: t('sources.shared') },
            ...oems.map((oem) => ({ value: oem.id, label: oem.fullName })),
            // An OEM past the picker's first 100 stays selected (by id) rather than being detached on save.
            ...(source?.oemId && !oems.some((oem) => oem.id === source.oemId) ? [{ value: source.oemId, label: source.oemId }] : []),
          ]}
          error={errors.oemId}
        />
      </Group>
      <FormError error={save.error} fields={['name', 'sourceType', 'oemId']} />
      <Button type="submit" mt="sm" loading={save.isPending}>{source ? t('common.save') : t('sources.create')}</Button>
    </form>
  );
}
