import { useState } from 'react';

/**
 * Search text and page state for a server-paginated table. A change of `filterKey` (the other
 * filters of the list) starts again at page 1.
 */
export function usePagedSearch(initialPageSize = 20, filterKey = '') {
  const [q, setQ] = useState('');
  const [paging, setPaging] = useState({ page: 1, filterKey });
  const [pageSize, setPageSize] = useState(initialPageSize);
  const page = paging.filterKey === filterKey ? paging.page : 1;
  const setPage = (p: number) => setPaging({ page: p, filterKey });
  return {
    query: { q: q || undefined, page, pageSize },
    search: (value: string) => {
      setQ(value.trim());
      setPage(1);
    },
    pagination: (total: number | undefined) => ({
      current: page,
      pageSize,
      total: total ?? 0,
      showSizeChanger: true,
      onChange: (p: number, s: number) => {
        setPage(s === pageSize ? p : 1);
        setPageSize(s);
      },
    }),
  };
}
