/**
 * "New lead" for Central Ops and admin (`POST /leads`): the customer, the address (a real pincode
 * of the state, checked by the API) and the OEM it belongs to (`GET /oems`), optionally its source.
 * The OEM starts unchosen and the form is not sent until one is: the lead and the customer's
 * personal data go to that car maker, and nobody can move them to another afterwards. The API's
 * field errors show under their inputs; on success the lead page opens.
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Button, Card, Group, NativeSelect, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { AnchorLink } from '../../link';
import { t, useLanguage, type MessageKey } from '../../i18n';
import { ApiFailure, bodyOf, formAlertOf } from '../../problem';
import { api } from '../../session';
import { useOems } from '../pickers';

type CreateLead = Schemas['CreateLeadDto'];

/** The text fields of the form, in order, as `CreateLeadDto` names them; `required` as the API has it. */
const FIELDS: { name: keyof CreateLead & string; label: MessageKey; required?: boolean; type?: string }[] = [
  { name: 'customerName', label: 'lead.name', required: true },
  { name: 'customerPhone', label: 'lead.phone', required: true, type: 'tel' },
  { name: 'customerEmail', label: 'lead.email', type: 'email' },
  { name: 'addressLine1', label: 'flow.addressLine1', required: true },
  { name: 'addressLine2', label: 'flow.addressLine2' },
  { name: 'city', label: 'lead.city', required: true },
  { name: 'state', label: 'leads.state', required: true },
  { name: 'pincode', label: 'lead.pincode', required: true },
  { name: 'chargerModel', label: 'lead.charger' },
  { name: 'externalRef', label: 'flow.externalRef' },
];

/** The new-lead page for `/admin/leads/new`. */
export function NewLeadPage() {
  useLanguage();
  const navigate = useNavigate();
  const oems = useOems();
  const sources = useQuery({ queryKey: ['lead-sources'], queryFn: async () => bodyOf(await api.GET('/api/v1/lead-sources')) });
  const [oemId, setOemId] = useState('');
  const [oemMissing, setOemMissing] = useState(false);
  const oemSelect = useRef<HTMLSelectElement>(null);
  const create = useMutation({
    mutationFn: async (body: CreateLead) => bodyOf(await api.POST('/api/v1/leads', { body })),
    onSuccess: (lead) => void navigate({ to: '/leads/$leadId', params: { leadId: lead.id } }),
  });
  const errors = create.error instanceof ApiFailure ? create.error.fieldErrors : {};
  // An error naming a field this form has no input for is said in the alert, not hidden.
  const alert = formAlertOf(create.error, ['oemId', 'sourceId', ...FIELDS.map(({ name }) => name)]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Never a default: a lead sent to the wrong OEM cannot be taken back.
    if (!oemId) {
      setOemMissing(true);
      oemSelect.current?.focus();
      return;
    }
    const form = new FormData(event.currentTarget);
    const body: Record<string, string | number> = { oemId };
    for (const { name } of FIELDS) {
      const value = String(form.get(name) ?? '').trim();
      if (value) body[name] = value;
    }
    const sourceId = String(form.get('sourceId') ?? '');
    if (sourceId) body.sourceId = Number(sourceId);
    create.mutate(body as unknown as CreateLead);
  };
  return (
    <Stack gap="sm" maw={760}>
      <AnchorLink to="/leads">{t('lead.back')}</AnchorLink>
      <Title order={1}>{t('flow.newLead')}</Title>
      <Card withBorder component="form" onSubmit={onSubmit}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect ref={oemSelect} label={t('lead.oem')} withAsterisk aria-required value={oemId} onChange={(event) => { setOemId(event.currentTarget.value); setOemMissing(false); }}
            error={oemMissing ? t('flow.oemRequired') : errors.oemId}
            data={[{ value: '', label: t('flow.chooseOem') }, ...(oems.data ?? []).map((oem) => ({ value: oem.id, label: oem.fullName }))]} />
          <NativeSelect name="sourceId" label={t('lead.source')} error={errors.sourceId}
            data={[{ value: '', label: t('flow.defaultSource') }, ...(sources.data ?? []).map((source) => ({ value: String(source.id), label: source.name }))]} />
          {FIELDS.map(({ name, label, required, type }) => (
            <TextInput key={name} name={name} label={t(label)} required={required} type={type} error={errors[name]} />
          ))}
        </SimpleGrid>
        {alert && <Alert mt="sm" color="red" role="alert">{alert}</Alert>}
        {oems.data?.length === 0 && <Alert mt="sm" color="orange" role="alert">{t('flow.noOems')}</Alert>}
        <Group mt="md">
          <Button type="submit" loading={create.isPending} disabled={oems.data?.length === 0}>{t('flow.createLead')}</Button>
        </Group>
      </Card>
    </Stack>
  );
}
