/**
 * The foot of a list the API pages by `nextCursor` (read with react-query's `useInfiniteQuery`):
 * "Loading…" until the first page, the list's empty text, and "Load more" while there is a next page.
 */
import { Button, Text, type ButtonProps } from '@mantine/core';
import { t } from './i18n';

/** What these pieces read of a `useInfiniteQuery` result. */
export interface PagedQuery {
  isPending: boolean;
  isSuccess: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * "Load more" while the query has a next page, fetching it on click (the button shows it loading);
 * nothing once the last page is in. `label` defaults to `users.loadMore`; `size` is the button's.
 */
export function LoadMore({ pages, size, label }: { pages: Pick<PagedQuery, 'hasNextPage' | 'isFetchingNextPage' | 'fetchNextPage'>; size?: ButtonProps['size']; label?: string }) {
  if (!pages.hasNextPage) return null;
  return (
    <Button size={size} variant="light" w="fit-content" loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
      {label ?? t('users.loadMore')}
    </Button>
  );
}

/**
 * "Loading…" until the first page arrives, then `empty` when the list shown has no item (`count`:
 * the items after any filtering of the pages); nothing otherwise.
 */
export function ListState({ pages, count, empty }: { pages: Pick<PagedQuery, 'isPending' | 'isSuccess'>; count: number; empty: string }) {
  if (pages.isPending) return <Text>{t('common.loading')}</Text>;
  if (pages.isSuccess && count === 0) return <Text>{empty}</Text>;
  return null;
}
