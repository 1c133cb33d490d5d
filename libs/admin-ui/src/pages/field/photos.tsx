/**
 * Photos from the phone's camera for a survey or an installation (`<input type=file
 * accept="image/*" capture>`), each sent on its own (`POST /{surveys|installations}/{id}/media`).
 * A photo that fails to go (poor signal, server refusal) stays in the list, says so and can be sent
 * again; nothing is dropped silently.
 */
import { multipart } from '@chargeops/api-client';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { t } from '../../i18n';
import { ApiFailure, bodyOf } from '../../problem';
import { api } from '../../session';
import { MediaGallery, mediaKey, type JobKind } from '../workflow/media';

interface Pending {
  key: number;
  file: File;
  state: 'sending' | 'failed';
  detail?: string;
}

let nextKey = 0;

async function send(kind: JobKind, jobId: string, file: File): Promise<void> {
  const params = { path: { id: jobId } };
  const body = multipart({ file: { bytes: file, name: file.name } });
  bodyOf(kind === 'survey' ? await api.POST('/api/v1/surveys/{id}/media', { params, body }) : await api.POST('/api/v1/installations/{id}/media', { params, body }));
}

/** The camera button, the photos on their way (with retry) and those already sent. */
export function JobPhotos({ kind, jobId }: { kind: JobKind; jobId: string }) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending[]>([]);
  const attempt = async (item: Pending) => {
    setPending((list) => list.map((entry) => (entry.key === item.key ? { ...entry, state: 'sending', detail: undefined } : entry)));
    try {
      await send(kind, jobId, item.file);
      setPending((list) => list.filter((entry) => entry.key !== item.key));
      await queryClient.invalidateQueries({ queryKey: mediaKey(kind, jobId) });
    } catch (error) {
      const detail = error instanceof ApiFailure && error.status < 500 ? error.message : t('tech.offline');
      setPending((list) => list.map((entry) => (entry.key === item.key ? { ...entry, state: 'failed', detail } : entry)));
    }
  };
  const onFiles = (files: FileList | null) => {
    const added = Array.from(files ?? [], (file): Pending => ({ key: nextKey++, file, state: 'sending' }));
    setPending((list) => [...list, ...added]);
    for (const item of added) void attempt(item);
  };
  return (
    <Stack gap="xs">
      <Button component="label" variant="light" fullWidth>
        {t('tech.takePhoto')}
        <input type="file" accept="image/*" capture="environment" multiple hidden aria-label={t('tech.takePhoto')} onChange={(event) => { onFiles(event.currentTarget.files); event.currentTarget.value = ''; }} />
      </Button>
      {pending.map((item) =>
        item.state === 'sending' ? (
          <Text key={item.key} size="sm" role="status">{t('tech.photoSending', { name: item.file.name })}</Text>
        ) : (
          <Alert key={item.key} color="red" role="alert" p="xs">
            <Text size="sm">{t('tech.photoFailed', { name: item.file.name })}</Text>
            {item.detail && <Text size="xs">{item.detail}</Text>}
            <Group mt={4} gap="xs">
              <Button size="compact-sm" onClick={() => void attempt(item)}>{t('tech.retry')}</Button>
              <Button size="compact-sm" variant="default" onClick={() => setPending((list) => list.filter((entry) => entry.key !== item.key))}>{t('tech.discard')}</Button>
            </Group>
          </Alert>
        ),
      )}
      <MediaGallery kind={kind} jobId={jobId} label={t('tech.photosSent')} />
    </Stack>
  );
}
