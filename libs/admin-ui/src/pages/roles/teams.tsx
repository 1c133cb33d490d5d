/**
 * Field teams and their members (admin, Central Ops): the teams newest first with "Load more", a
 * new team (`POST /teams`: name, city, state), and per team its members with add
 * (`POST /teams/{id}/members`, optionally as team lead) and remove
 * (`DELETE /teams/{id}/members/{userId}`). Adding names a field technician from `GET /users`,
 * which only an admin may call, so Central Ops sees the members but does not get the add form.
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Badge, Button, Card, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { t, useLanguage } from '../../i18n';
import { bodyOf } from '../../problem';
import { api, useSession } from '../../session';
import { FormError, expectOk, fieldErrorsOf } from './shared';

type Team = Schemas['TeamResponseDto'];

/** The teams page at `/admin/teams`. */
export function TeamsPage() {
  useLanguage();
  const isAdmin = useSession()?.user.role === 'admin';
  const queryClient = useQueryClient();
  const pages = useInfiniteQuery({
    queryKey: ['teams'],
    queryFn: async ({ pageParam }) => bodyOf(await api.GET('/api/v1/teams', { params: { query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  // The technicians a member can be picked from (the first 100, by name).
  const technicians = useQuery({
    queryKey: ['users', 'field_technician', 'picker'],
    enabled: isAdmin,
    queryFn: async () => bodyOf(await api.GET('/api/v1/users', { params: { query: { role: 'field_technician', limit: 100 } } })).data.filter((user) => user.isActive).sort((a, b) => a.fullName.localeCompare(b.fullName)),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['teams'] });
  const teams = pages.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <Stack gap="md">
      <Title order={1}>{t('teams.heading')}</Title>
      <CreateTeam onCreated={refresh} />
      {pages.error && <Alert color="red" role="alert">{t('common.error', { detail: pages.error.message })}</Alert>}
      {pages.isPending && <Text>{t('common.loading')}</Text>}
      {pages.isSuccess && teams.length === 0 && <Text>{t('teams.empty')}</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {teams.map((team) => (
          <TeamCard key={team.id} team={team} technicians={isAdmin ? (technicians.data ?? []) : null} onChanged={refresh} />
        ))}
      </SimpleGrid>
      {pages.hasNextPage && (
        <Button variant="light" w="fit-content" loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>{t('users.loadMore')}</Button>
      )}
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
      <FormError error={create.error} />
      <Button type="submit" mt="sm" loading={create.isPending}>{t('teams.create')}</Button>
    </Card>
  );
}

function TeamCard({ team, technicians, onChanged }: { team: Team; technicians: Schemas['UserResponseDto'][] | null; onChanged: () => Promise<unknown> }) {
  const add = useMutation({
    mutationFn: async (body: Schemas['AddTeamMemberDto']) => bodyOf(await api.POST('/api/v1/teams/{id}/members', { params: { path: { id: team.id } }, body })),
    onSuccess: onChanged,
  });
  const remove = useMutation({
    mutationFn: async (userId: string) => expectOk(await api.DELETE('/api/v1/teams/{id}/members/{userId}', { params: { path: { id: team.id, userId } } })),
    onSuccess: onChanged,
  });
  const candidates = (technicians ?? []).filter((user) => !team.members.some((member) => member.userId === user.id));
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
                  <Button size="compact-xs" variant="subtle" color="red" loading={remove.isPending && remove.variables === member.userId} onClick={() => remove.mutate(member.userId)}>
                    {t('teams.remove', { name: member.fullName })}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {technicians && (
        <form onSubmit={submit}>
          <Group align="flex-end" gap="xs" mt="sm">
            <NativeSelect name="userId" label={t('teams.technician')} required data={candidates.map((user) => ({ value: user.id, label: `${user.fullName} (${user.email})` }))} w={280} />
            <Checkbox name="isLead" label={t('teams.makeLead')} mb={8} />
            <Button type="submit" disabled={candidates.length === 0} loading={add.isPending}>{t('teams.addMember')}</Button>
          </Group>
        </form>
      )}
      <FormError error={add.error ?? remove.error} />
    </Card>
  );
}
