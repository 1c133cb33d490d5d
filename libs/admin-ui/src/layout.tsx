/**
 * The frame of every page: a header with the role's navigation, the language switch and sign-out,
 * then the page. Signed out (the sign-in page) it shows the page alone. A session that ends by
 * itself (the refresh token refused, or signed out in another tab) sends to sign-in and back.
 */
import { Alert, Box, Button, Container, Group, NativeSelect, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Outlet, useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { AnchorLink } from './link';
import { LANGUAGES, setLanguage, t, useLanguage, type Language } from './i18n';
import { mayOpen } from './access';
import { RolesNav } from './pages/roles/nav';
import { onSessionEnded, signOut, useSession } from './session';

/** Header, navigation (only the pages the role may open) and the current page. */
export function Layout() {
  const session = useSession();
  const language = useLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  document.documentElement.lang = language;
  const role = session?.user.role;
  useEffect(
    () =>
      onSessionEnded(() => {
        queryClient.clear();
        // The full path (with /admin), as the route guard sends it: sign-in comes back here.
        const next = window.location.pathname + window.location.search;
        if (!window.location.pathname.startsWith('/admin/login')) void navigate({ to: '/login', search: { next } });
      }),
    [navigate, queryClient],
  );
  const onSignOut = async () => {
    await signOut();
    queryClient.clear();
    await navigate({ to: '/login', search: {} });
  };
  return (
    <>
      <Box component="header" px="sm" py={6} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="md" wrap="wrap">
            <Title order={2} size="h4">{t('app.title')}</Title>
            {role && (
              <Group component="nav" aria-label={t('app.nav')} gap="sm">
                {mayOpen(role, 'leads') && <AnchorLink to="/leads">{t('nav.leads')}</AnchorLink>}
                {mayOpen(role, 'jobs') && <AnchorLink to="/jobs">{t('nav.jobs')}</AnchorLink>}
                <RolesNav role={role} />
                {mayOpen(role, 'calendar') && <AnchorLink to="/calendar">{t('flow.navCalendar')}</AnchorLink>}
              </Group>
            )}
          </Group>
          <Group gap="xs" wrap="wrap">
            <NativeSelect
              aria-label={t('app.language')}
              size="xs"
              value={language}
              onChange={(event) => setLanguage(event.currentTarget.value as Language)}
              data={Object.entries(LANGUAGES).map(([value, label]) => ({ value, label }))}
            />
            {session && <Text size="sm">{session.user.fullName}</Text>}
            {session && <Button size="xs" variant="default" onClick={() => void onSignOut()}>{t('app.signOut')}</Button>}
          </Group>
        </Group>
      </Box>
      <Container component="main" size="xl" px="sm" py="md">
        <Outlet />
      </Container>
    </>
  );
}

/** Shown on a page the signed-in role may not open. */
export function Forbidden() {
  return <Alert color="red" title={t('common.forbidden')} role="alert" />;
}
