/**
 * Field teams and their members (admin, Central Ops): the teams newest first with "Load more", a
 * new team (`POST /teams`: name, city, state), and per team its members with add
 * (`POST /teams/{id}/members`, optionally as team lead), "make team lead" (the same route on a
 * member) and remove (`DELETE /teams/{id}/members/{userId}`). Adding picks a field technician
 * searched by name or e-mail on the server (`GET /technicians?q=`), so any of them can be found.
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Badge, Button, Card, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { t, useLanguage } from '../../i18n';
import { bodyOf } from '../../problem';
import { ListState, LoadMore } from '../../load-more';
import { api } from '../../session';
import { TECHNICIAN_PAGE, useTechnicians } from '../pickers';
import { FormError, expectOk, fieldErrorsOf } from './shared';

type Team = Schemas['TeamResponseDto'];

/** The teams page at `/admin/teams`. */
export function TeamsPage() {
  useLanguage();
  const queryClient = useQueryClient();
  const pages = useInfiniteQuery({
    queryKey: ['teams'],
    queryFn: async ({ pageParam }) => bodyOf(await api.GET('/api/v1/teams', { params: { query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['teams'] });
  const teams = pages.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <Stack gap="md">
      <Title order={1}>{t('teams.heading')}</Title>
      <CreateTeam onCreated={refresh} />
      {pages.error && <Alert color="red" role="alert">{t('common.error', { detail: pages.error.message })}</Alert>}
      <ListState pages={pages} count={teams.length} empty={t('teams.empty')} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {teams.map((team) => (
          <TeamCard key={team.id} team={team} onChanged={refresh} />
        ))}
      </SimpleGrid>
      <LoadMore pages={pages} />
    </Stack>
  );
}

function CreateTeam({ onCreated }: { onCreated: () => Promise<unknown> }) {
  const [formKey, setFormKey] = useState(0);
  const create = useMutation({
    mutationFn: async (body: Schemas['CreateTeamDto']) => bodyOf(await api.POST('/api/v1/teams', { body })),
    onSuccess: async () => {
      setFormKey((key) => key + 1);
      await onCreated();
    },
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ name: String(form.get('name') ?? '').trim(), city: String(form.get('city') ?? '').trim(), state: String(form.get('state') ?? '').trim() });
  };
  return (
    <Card withBorder component="form" onSubmit={submit} key={formKey} aria-label={t('teams.create')}>
      <Title order={2} size="h4" mb="xs">{t('teams.create')}</Title>
      <Group align="flex-start" gap="sm">
        <TextInput name="name" label={t('teams.name')} required error={errors.name} />
        <TextInput name="city" label={t('teams.city')} required error={errors.city} />
        <TextInput name="state" label={t('teams.state')} required error={errors.state} />
      </Group>
      <FormError error={create.error} fields={['name', 'city', 'state']} />
      <Button type="submit" mt="sm" loading={create.isPending}>{t('teams.create')}</Button>
    </Card>
  );
}

function TeamCard({ team, onChanged }: { team: Team; onChanged: () => Promise<unknown> }) {
  const [search, setSearch] = useState('');
  // A new key after each add empties the form (the search, the choice, "team lead").
  const [formKey, setFormKey] = useState(0);
  // One query per search text, shared by every card: a page of teams asks once for the unfiltered list.
  const technicians = useTechnicians(search);
  const addMember = async (body: Schemas['AddTeamMemberDto']) => bodyOf(await api.POST('/api/v1/teams/{id}/members', { params: { path: { id: team.id } }, body }));
  const add = useMutation({
    mutationFn: addMember,
    onSuccess: async () => {
      setSearch('');
      setFormKey((key) => key + 1);
      await onChanged();
    },
  });
  // An existing member made lead: the same route (the previous lead stops being one).
  const promote = useMutation({ mutationFn: (userId: string) => addMember({ userId, isLead: true }), onSuccess: onChanged });
  const remove = useMutation({
    mutationFn: async (userId: string) => expectOk(await api.DELETE('/api/v1/teams/{id}/members/{userId}', { params: { path: { id: team.id, userId } } })),
    onSuccess: onChanged,
  });
  const found = technicians.data ?? [];
  const candidates = found.filter((user) => !team.members.some((member) => member.userId === user.id));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    add.mutate({ userId: String(form.get('userId')), isLead: form.get('isLead') === 'on' });
  };
  return (
    <Card withBorder component="section" aria-label={team.name}>
      <Group justify="space-between">
        <Title order={2} size="h4">{team.name}</Title>
        {!team.isActive && <Badge color="gray">{t('teams.inactive')}</Badge>}
      </Group>
      <Text size="sm" c="dimmed">{team.city}, {team.state}</Text>
      <Title order={3} size="h6" mt="sm">{t('teams.members')}</Title>
      {team.members.length === 0 && <Text size="sm">{t('teams.noMembers')}</Text>}
      {team.members.length > 0 && (
        <Table>
          <Table.Tbody>
            {team.members.map((member) => (
              <Table.Tr key={member.userId}>
                <Table.Td>
                  {member.fullName} {member.isLead && <Badge size="xs" variant="light">{t('teams.lead')}</Badge>}
                  {!member.isActive && <Badge size="xs" color="gray" ml={4}>{t('teams.inactive')}</Badge>}
                </Table.Td>
                <Table.Td>{member.phone}</Table.Td>
                <Table.Td ta="right">
                  {!member.isLead && member.isActive && (
                    <Button size="compact-xs" variant="subtle" loading={promote.isPending && promote.variables === member.userId} onClick={() => promote.mutate(member.userId)}>
                      {t('teams.makeLeadOf', { name: member.fullName })}
                    </Button>
                  )}
                  <Button size="compact-xs" variant="subtle" color="red" loading={remove.isPending && remove.variables === member.userId} onClick={() => remove.mutate(member.userId)}>
                    {t('teams.remove', { name: member.fullName })}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form key={formKey} onSubmit={submit} aria-label={t('teams.addTo', { team: team.name })}>
        <Group align="flex-end" gap="xs" mt="sm" wrap="wrap">
          <TextInput
            type="search"
            label={t('teams.searchTechnician')}
            placeholder={t('teams.searchHint')}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={220}
          />
          <NativeSelect
            name="userId"
            label={t('teams.technician')}
            required
            data={candidates.map((user) => ({ value: user.id, label: `${user.fullName} (${user.email})` }))}
            w={280}
          />
          <Checkbox name="isLead" label={t('teams.makeLead')} mb={8} />
          <Button type="submit" disabled={candidates.length === 0} loading={add.isPending}>
            {t('teams.addMember')}
          </Button>
        </Group>
        {technicians.isSuccess && candidates.length === 0 && <Text size="xs" c="dimmed" mt={4}>{t('teams.noTechnicians')}</Text>}
        {found.length === TECHNICIAN_PAGE && <Text size="xs" c="dimmed" mt={4}>{t('teams.narrowDown', { count: TECHNICIAN_PAGE })}</Text>}
      </form>
      <FormError error={add.error ?? promote.error ?? remove.error} />
    </Card>
  );
}
