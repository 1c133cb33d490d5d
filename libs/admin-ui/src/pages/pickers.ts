/**
 * The data behind the console's pickers, so none of them stops at a fixed first page: OEMs
 * (`GET /oems`, every active one), field technicians searched on the server (`GET /technicians?q=`,
 * the first 50 matches by name) and a city's teams page by page (`GET /teams`, keyset "load more").
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { bodyOf } from '../problem';
import { api } from '../session';

/** As many as `GET /technicians` answers: when a search returns this many, there may be more to narrow down. */
export const TECHNICIAN_PAGE = 50;

/** Active OEM accounts for pickers, all of them by name (`GET /oems`, staff only). */
export function useOems(enabled = true) {
  return useQuery({ queryKey: ['oems'], enabled, staleTime: 60_000, queryFn: async () => bodyOf(await api.GET('/api/v1/oems')) });
}

/** `value`, once it has stopped changing for `ms` milliseconds (a search box's query). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Active field technicians whose name or e-mail contains `search` (any case), by name, at most
 * {@link TECHNICIAN_PAGE}; the previous answer stays shown while the next one loads.
 */
export function useTechnicians(search: string, enabled = true) {
  const q = useDebounced(search.trim());
  return useQuery({
    queryKey: ['technicians', q],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: async () => bodyOf(await api.GET('/api/v1/technicians', { params: { query: { q: q || undefined } } })),
  });
}

/**
 * The active teams of `city` (all cities when empty), 100 a page: `data` holds the pages loaded so
 * far, `hasNextPage` / `fetchNextPage` load the next (the list route has no name search).
 */
export function useCityTeams(city: string | undefined, enabled = true) {
  const pages = useInfiniteQuery({
    queryKey: ['teams', 'city', city ?? ''],
    enabled,
    queryFn: async ({ pageParam }) => bodyOf(await api.GET('/api/v1/teams', { params: { query: { city: city || undefined, isActive: true, limit: 100, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return { ...pages, data: pages.data?.pages.flatMap((page) => page.data) };
}
