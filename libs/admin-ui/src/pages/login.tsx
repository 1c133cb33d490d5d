/** The sign-in page: `Email`, `Password` and `Sign in` (accessible names are a contract, issue 17 item 10). */
import { Alert, Button, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useNavigate, useRouter, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { t } from '../i18n';
import { homeOf } from '../access';
import { currentSession, signIn, type SignInFailure } from '../session';

const MESSAGES: Record<SignInFailure, Parameters<typeof t>[0]> = { credentials: 'login.failed', throttled: 'login.throttled', other: 'login.failed' };

/** Signs in, then goes back where the user was sent from, or to the role's first page. */
export function LoginPage() {
  const navigate = useNavigate();
  const router = useRouter();
  const { next } = useSearch({ from: '/login' });
  const [failure, setFailure] = useState<SignInFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const result = await signIn(String(form.get('email')), String(form.get('password'))).catch((): SignInFailure => 'other');
    setBusy(false);
    setFailure(result);
    const session = currentSession();
    if (result || !session) return;
    // `next` is a path of this console (set by the route guard); anything else goes home.
    if (next?.startsWith('/admin/') && !next.startsWith('/admin/login')) router.history.push(next);
    else await navigate({ to: homeOf(session.user.role) });
  };
  return (
    <Paper maw={380} mx="auto" mt="xl" p="lg" withBorder>
      <form onSubmit={(event) => void onSubmit(event)}>
        <Stack>
          <Title order={1} size="h3">{t('login.heading')}</Title>
          {failure && <Alert color="red" role="alert">{t(MESSAGES[failure])}</Alert>}
          <TextInput name="email" type="email" label={t('login.email')} autoComplete="username" required />
          {/* A plain input: a visibility toggle would be a second control whose name contains "Password". */}
          <TextInput name="password" type="password" label={t('login.password')} autoComplete="current-password" required />
          <Button type="submit" loading={busy}>{t('login.submit')}</Button>
        </Stack>
      </form>
    </Paper>
  );
}
