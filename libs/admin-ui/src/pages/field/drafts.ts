/**
 * Drafts of the technician's forms in localStorage, so nothing typed is lost to a failed submit,
 * a reload or a phone that drops the tab (issue 17 item 5). One entry per form and job; cleared
 * once the report is accepted.
 */
import { useCallback, useEffect, useState } from 'react';

const PREFIX = 'chargeops.draft.';

function read<T>(key: string, initial: T): T {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw ? { ...initial, ...(JSON.parse(raw) as Partial<T>) } : initial;
  } catch {
    return initial;
  }
}

/**
 * Form state kept as a draft under `key`: `[value, update, clear]`. `update` merges a patch;
 * `clear` forgets the draft and returns to `initial`.
 */
export function useDraft<T extends object>(key: string, initial: T): [T, (patch: Partial<T>) => void, () => void] {
  const [value, setValue] = useState<T>(() => read(key, initial));
  useEffect(() => {
    try {
      localStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch {
      // A full or disabled storage only loses the draft, never the form itself.
    }
  }, [key, value]);
  const update = useCallback((patch: Partial<T>) => setValue((previous) => ({ ...previous, ...patch })), []);
  const clear = useCallback(() => {
    localStorage.removeItem(PREFIX + key);
    setValue(initial);
    // `initial` is a fresh literal on each render of the caller; the key alone names the draft.
  }, [key]);
  return [value, update, clear];
}
