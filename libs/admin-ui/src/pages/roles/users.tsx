/**
 * Users and roles (admin only; every call here is admin-only in the spec): the list by role,
 * newest first with "Load more"; a new user (`POST /users`, the API's field errors under the
 * fields); deactivate or reactivate (`PATCH /users/{id}` `isActive`: a deactivated account cannot
 * sign in and its tokens and API keys stop working); a new password (`PATCH` `password`); and an
 * OEM's API keys (`/users/{id}/api-keys`: list, create with the key shown once, revoke).
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Badge, Button, Card, Group, Modal, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { t, useLanguage } from '../../i18n';
import { bodyOf } from '../../problem';
import { ListState, LoadMore } from '../../load-more';
import { api } from '../../session';
import { FormError, SecretOnce, expectOk, fieldErrorsOf } from './shared';

type User = Schemas['UserResponseDto'];
type Role = Schemas['Role'];

/** Every role, as the spec's `Role` enum lists them. */
export const ROLES: readonly Role[] = ['admin', 'central_ops', 'oem', 'field_technician'];

/** Role names as the console shows them. */
export const roleLabel = (role: Role) => t(`roles.${role}`);

/** The users page at `/admin/users`. */
export function UsersPage() {
  useLanguage();
  const [role, setRole] = useState<Role | ''>('');
  const [passwordFor, setPasswordFor] = useState<User | null>(null);
  const [keysFor, setKeysFor] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const pages = useInfiniteQuery({
    queryKey: ['users', role],
    queryFn: async ({ pageParam }) => bodyOf(await api.GET('/api/v1/users', { params: { query: { role: role || undefined, limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const setActive = useMutation({
    mutationFn: async ({ user, isActive }: { user: User; isActive: boolean }) =>
      bodyOf(await api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { isActive } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
  const users = pages.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Stack gap="md">
      <Title order={1}>{t('users.heading')}</Title>
      {notice && <Alert color="green" role="status" withCloseButton onClose={() => setNotice(null)}>{notice}</Alert>}
      <CreateUser onCreated={(user) => { setNotice(t('users.created', { email: user.email })); return queryClient.invalidateQueries({ queryKey: ['users'] }); }} />
      <NativeSelect
        label={t('users.filterRole')}
        w={220}
        value={role}
        onChange={(event) => setRole(event.currentTarget.value as Role | '')}
        data={[{ value: '', label: t('users.allRoles') }, ...ROLES.map((value) => ({ value, label: roleLabel(value) }))]}
      />
      {pages.error && <Alert color="red" role="alert">{t('common.error', { detail: pages.error.message })}</Alert>}
      <FormError error={setActive.error} />
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('users.fullName')}</Table.Th>
            <Table.Th>{t('users.email')}</Table.Th>
            <Table.Th>{t('users.role')}</Table.Th>
            <Table.Th>{t('users.status')}</Table.Th>
            <Table.Th>{t('users.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id}>
              <Table.Td>{user.fullName}</Table.Td>
              <Table.Td>{user.email}</Table.Td>
              <Table.Td>{roleLabel(user.role)}</Table.Td>
              <Table.Td>
                <Badge color={user.isActive ? 'green' : 'gray'} variant="light">{user.isActive ? t('users.active') : t('users.inactive')}</Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="compact-xs"
                    variant="default"
                    aria-label={`${user.isActive ? t('users.deactivate') : t('users.activate')} ${user.email}`}
                    loading={setActive.isPending && setActive.variables?.user.id === user.id}
                    onClick={() => setActive.mutate({ user, isActive: !user.isActive })}
                  >
                    {user.isActive ? t('users.deactivate') : t('users.activate')}
                  </Button>
                  <Button size="compact-xs" variant="default" aria-label={`${t('users.resetPassword')} ${user.email}`} onClick={() => setPasswordFor(user)}>
                    {t('users.resetPassword')}
                  </Button>
                  {user.role === 'oem' && (
                    <Button size="compact-xs" variant="light" aria-label={`${t('users.apiKeys')} ${user.email}`} onClick={() => setKeysFor(user)}>
                      {t('users.apiKeys')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ListState pages={pages} count={users.length} empty={t('users.empty')} />
      <LoadMore pages={pages} />
      {passwordFor && <ResetPassword user={passwordFor} onClose={(done) => { setPasswordFor(null); if (done) setNotice(t('users.passwordSet', { email: passwordFor.email })); }} />}
      {keysFor && <ApiKeys user={keysFor} onClose={() => setKeysFor(null)} />}
    </Stack>
  );
}

function CreateUser({ onCreated }: { onCreated: (user: User) => Promise<unknown> }) {
  const [formKey, setFormKey] = useState(0);
  const create = useMutation({
    mutationFn: async (body: Schemas['CreateUserDto']) => bodyOf(await api.POST('/api/v1/users', { body })),
    onSuccess: async (user) => {
      setFormKey((key) => key + 1);
      await onCreated(user);
    },
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const phone = String(form.get('phone') ?? '').trim();
    create.mutate({
      fullName: String(form.get('fullName') ?? '').trim(),
      email: String(form.get('email') ?? '').trim(),
      password: String(form.get('password') ?? ''),
      role: String(form.get('role')) as Role,
      ...(phone && { phone }),
    });
  };
  return (
    <Card withBorder component="form" onSubmit={submit} aria-label={t('users.create')} key={formKey}>
      <Title order={2} size="h4" mb="xs">{t('users.create')}</Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
        <TextInput name="fullName" label={t('users.fullName')} required error={errors.fullName} />
        <TextInput name="email" type="email" label={t('users.email')} required error={errors.email} />
        <TextInput name="phone" type="tel" label={t('users.phone')} error={errors.phone} />
        <NativeSelect name="role" label={t('users.role')} data={ROLES.map((value) => ({ value, label: roleLabel(value) }))} defaultValue="central_ops" error={errors.role} />
        <TextInput name="password" type="password" label={t('users.password')} required minLength={10} autoComplete="new-password" error={errors.password} />
      </SimpleGrid>
      <FormError error={create.error} fields={['fullName', 'email', 'phone', 'role', 'password']} />
      <Button type="submit" mt="sm" loading={create.isPending}>{t('users.create')}</Button>
    </Card>
  );
}

function ResetPassword({ user, onClose }: { user: User; onClose: (done: boolean) => void }) {
  const save = useMutation({
    mutationFn: async (password: string) => bodyOf(await api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { password } })),
    onSuccess: () => onClose(true),
  });
  const errors = fieldErrorsOf(save.error);
  return (
    <Modal opened onClose={() => onClose(false)} title={`${t('users.resetPassword')}: ${user.email}`}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(String(new FormData(event.currentTarget).get('password') ?? ''));
        }}
      >
        <Stack gap="sm">
          <TextInput name="password" type="password" label={t('users.newPassword')} required minLength={10} autoComplete="new-password" error={errors.password} />
          <FormError error={save.error} fields={['password']} />
          <Group gap="xs">
            <Button type="submit" loading={save.isPending}>{t('common.save')}</Button>
            <Button variant="default" onClick={() => onClose(false)}>{t('common.cancel')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** An OEM's API keys: the key itself is in the create answer only, so it is shown there once. */
function ApiKeys({ user, onClose }: { user: User; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const keys = useQuery({
    queryKey: ['api-keys', user.id],
    queryFn: async () => bodyOf(await api.GET('/api/v1/users/{id}/api-keys', { params: { path: { id: user.id } } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api-keys', user.id] });
  const create = useMutation({
    mutationFn: async (name: string) => bodyOf(await api.POST('/api/v1/users/{id}/api-keys', { params: { path: { id: user.id } }, body: { name } })),
    onSuccess: async (created) => {
      setSecret(created.key);
      setFormKey((key) => key + 1);
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: async (keyId: string) => expectOk(await api.DELETE('/api/v1/users/{id}/api-keys/{keyId}', { params: { path: { id: user.id, keyId } } })),
    onSuccess: refresh,
  });
  const errors = fieldErrorsOf(create.error);
  return (
    <Modal opened onClose={onClose} size="xl" title={t('apiKeys.heading', { name: user.fullName })}>
      <Stack gap="sm">
        {secret && <SecretOnce label={t('apiKeys.created')} secret={secret} onDone={() => setSecret(null)} />}
        <form
          key={formKey}
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate(String(new FormData(event.currentTarget).get('name') ?? '').trim());
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput name="name" label={t('apiKeys.name')} required maxLength={100} error={errors.name} />
            <Button type="submit" loading={create.isPending}>{t('apiKeys.create')}</Button>
          </Group>
        </form>
        <FormError error={create.error ?? revoke.error} fields={create.error ? ['name'] : []} />
        {keys.data && keys.data.length === 0 && <Text size="sm">{t('apiKeys.empty')}</Text>}
        {keys.data && keys.data.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('apiKeys.name')}</Table.Th>
                <Table.Th>{t('apiKeys.prefix')}</Table.Th>
                <Table.Th>{t('apiKeys.lastUsed')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>{key.name}</Table.Td>
                  <Table.Td><code>{key.prefix}…</code></Table.Td>
                  <Table.Td>{key.lastUsedAt ? new Date(key.lastUsedAt).toLocaleString() : t('apiKeys.never')}</Table.Td>
                  <Table.Td>
                    {key.revokedAt ? (
                      <Badge color="gray" variant="light">{t('apiKeys.revoked')}</Badge>
                    ) : (
                      <Button size="compact-xs" color="red" variant="outline" aria-label={`${t('apiKeys.revoke')} ${key.name}`} loading={revoke.isPending && revoke.variables === key.id} onClick={() => revoke.mutate(key.id)}>
                        {t('apiKeys.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Button variant="default" w="fit-content" onClick={onClose}>{t('apiKeys.close')}</Button>
      </Stack>
    </Modal>
  );
}
