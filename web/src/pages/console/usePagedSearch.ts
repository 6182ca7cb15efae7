import { useState } from 'react';

/** Search text and page state for a server-paginated table. */
export function usePagedSearch(initialPageSize = 20) {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
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
