/**
 * Stored files in the browser. Downloads need the access token, so a plain link cannot fetch
 * them: the bytes come through the typed client as a Blob, then show as a blob: URL (the API's
 * CSP allows blob: images and frames) or save under the file's name.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

/** Saves `blob` as `fileName` through a temporary link (the browser's download). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; a later tick is safe for every browser.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A blob: URL for the bytes `load` fetches (cached by `key`), revoked when the caller unmounts;
 * undefined until loaded or when `enabled` is false.
 */
export function useBlobUrl(key: readonly unknown[], load: () => Promise<Blob>, enabled = true): { url: string | undefined; error: Error | null } {
  const blob = useQuery({ queryKey: ['blob', ...key], queryFn: load, enabled, staleTime: Infinity });
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob.data) return undefined;
    const next = URL.createObjectURL(blob.data);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [blob.data]);
  return { url, error: blob.error };
}

/** `1234567` → `1.2 MB` (decimal units, as the API's limits are stated). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
