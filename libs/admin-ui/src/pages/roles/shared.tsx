/**
 * Pieces the dashboard, admin and OEM pages share: a secret shown once (API keys, webhook signing
 * secrets), a file download through the authenticated client, and a form's problem+json errors.
 */
import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { t } from '../../i18n';
import { ApiFailure, bodyOf, formAlertOf } from '../../problem';
import { saveBlob } from '../workflow/files';

/**
 * A secret the API shows once (`POST /users/{id}/api-keys` → `key`, a webhook's `secret`): the
 * value, a copy button and the warning that it cannot be read again. `onDone` forgets it.
 */
export function SecretOnce({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  return (
    <Alert color="yellow" title={label} role="status">
      <Stack gap="xs">
        <Text size="sm" fw={600}>{t('secret.warning')}</Text>
        <Code block aria-label={label} style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{secret}</Code>
        <Group gap="xs">
          <CopyButton value={secret}>
            {({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? t('secret.copied') : t('secret.copy')}</Button>}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDone}>{t('secret.done')}</Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** The file name a download's `Content-Disposition` names (RFC 6266: `filename*` first), or `fallback`. */
export function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended);
    } catch {
      // A malformed escape: the plain filename or the fallback will do.
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

/**
 * Saves the body of an authenticated download (`parseAs: 'blob'`) as a file: the API's routes
 * need the bearer token, so a plain link would not do.
 * @throws ApiFailure when the API refused it
 */
export function saveDownload(result: { data?: Blob; error?: unknown; response: Response }, fallbackName: string): void {
  // A refusal carries its problem+json (410 FILE_PURGED names the file): bodyOf throws with it.
  if (!result.response.ok) bodyOf(result);
  if (!(result.data instanceof Blob)) throw new ApiFailure(result.response.status, undefined);
  saveBlob(result.data, fileNameOf(result.response, fallbackName));
}

/**
 * A failed mutation's message for the form. `fields`: the inputs that show their own field error
 * (`error={errors.name}`); an error naming any other field is said here, never hidden.
 */
export function FormError({ error, fields = [] }: { error: Error | null; fields?: readonly string[] }) {
  const message = formAlertOf(error, fields);
  return message ? <Alert color="red" role="alert">{message}</Alert> : null;
}

/** Field errors of a failed mutation by field name (empty when it did not fail validation). */
export function fieldErrorsOf(error: Error | null): Record<string, string> {
  return error instanceof ApiFailure ? error.fieldErrors : {};
}

/**
 * For answers without a body (204 of a DELETE): returns when the call succeeded.
 * @throws ApiFailure with the problem otherwise
 */
export function expectOk(result: { data?: unknown; error?: unknown; response: Response }): void {
  if (!result.response.ok) bodyOf(result);
}

