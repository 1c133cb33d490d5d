/**
 * Photos and videos of a survey or an installation (`GET /{surveys|installations}/{id}/media`):
 * thumbnails of the photos, fetched with the access token, opened large on click; videos download.
 * Used by Central Ops' review and the technician's job page.
 */
import type { Schemas } from '@chargeops/api-client';
import { Alert, Button, Image, Modal, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { t } from '../../i18n';
import { bodyOf } from '../../problem';
import { api } from '../../session';
import { saveBlob, useBlobUrl } from './files';

type Media = Schemas['MediaResponseDto'];
/** Which job the media belong to. */
export type JobKind = 'survey' | 'installation';

/** The query key of a job's media, for invalidation after an upload. */
export const mediaKey = (kind: JobKind, jobId: string) => ['media', kind, jobId] as const;

async function listMedia(kind: JobKind, id: string): Promise<Media[]> {
  const params = { path: { id }, query: { limit: 100 } };
  const page = kind === 'survey' ? await api.GET('/api/v1/surveys/{id}/media', { params }) : await api.GET('/api/v1/installations/{id}/media', { params });
  return bodyOf(page).data;
}

async function mediaContent(kind: JobKind, id: string, mediaId: string): Promise<Blob> {
  const params = { path: { id, mediaId } };
  const result = kind === 'survey'
    ? await api.GET('/api/v1/surveys/{id}/media/{mediaId}/content', { params, parseAs: 'blob' })
    : await api.GET('/api/v1/installations/{id}/media/{mediaId}/content', { params, parseAs: 'blob' });
  return bodyOf(result) as unknown as Blob;
}

/** The gallery of a job's media; `label` heads it (and names its region). */
export function MediaGallery({ kind, jobId, label }: { kind: JobKind; jobId: string; label: string }) {
  const media = useQuery({ queryKey: mediaKey(kind, jobId), queryFn: () => listMedia(kind, jobId) });
  const [open, setOpen] = useState<Media | null>(null);
  // Videos download; a failed one says why (no signal, gone) instead of nothing happening.
  const save = useMutation({ mutationFn: async (item: Media) => saveBlob(await mediaContent(kind, jobId, item.id), item.file.originalName) });
  return (
    <Stack gap={4} component="section" aria-label={label}>
      <Text fw={600} size="sm">{label}</Text>
      {media.data?.length === 0 && <Text size="sm" c="dimmed">{t('flow.noPhotos')}</Text>}
      <SimpleGrid cols={{ base: 3, sm: 5 }} spacing="xs">
        {media.data?.map((item) =>
          item.mediaType === 'photo' ? (
            <UnstyledButton key={item.id} onClick={() => setOpen(item)} aria-label={t('flow.openPhoto', { name: item.caption || item.file.originalName })}>
              <Thumbnail kind={kind} jobId={jobId} media={item} height={90} />
            </UnstyledButton>
          ) : (
            <Button key={item.id} size="xs" variant="default" loading={save.isPending && save.variables?.id === item.id} onClick={() => save.mutate(item)}>
              {t('flow.video', { name: item.file.originalName })}
            </Button>
          ),
        )}
      </SimpleGrid>
      {save.error && <Alert color="red" role="alert">{t('flow.downloadFailed', { detail: save.error.message })}</Alert>}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open?.caption || open?.file.originalName} size="xl">
        {open && <Thumbnail kind={kind} jobId={jobId} media={open} />}
      </Modal>
    </Stack>
  );
}

function Thumbnail({ kind, jobId, media, height }: { kind: JobKind; jobId: string; media: Media; height?: number }) {
  const { url } = useBlobUrl(['media', media.id], () => mediaContent(kind, jobId, media.id));
  return <Image src={url} alt={media.caption || media.file.originalName} h={height} fit={height ? 'cover' : 'contain'} radius="sm" />;
}
