import type { ReactNode } from 'react';
import { Flex, Input, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ListQuery } from '../../api/console';
import type { Page } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { usePagedSearch } from './usePagedSearch';

/** A search box over a server-paginated table: the shape of every list in the console. */
export function SearchableTable<T extends object>(props: {
  queryKey: readonly unknown[];
  fetch: (query: ListQuery) => Promise<Page<T>>;
  columns: ColumnsType<T>;
  rowKey: keyof T & string;
  placeholder: string;
  /** Filters shown next to the search box; their values belong in queryKey. */
  filters?: ReactNode;
  /** Shown instead of the table's rows when there are none. */
  emptyText?: ReactNode;
  /** Makes whole rows clickable, e.g. to open a record's details. */
  onRowClick?: (record: T) => void;
  testId?: string;
}) {
  const { onRowClick } = props;
  const { t } = useTranslation();
  const paged = usePagedSearch(20, JSON.stringify(props.queryKey));
  const list = useQuery({
    queryKey: [...props.queryKey, paged.query],
    queryFn: () => props.fetch(paged.query),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
        <Input.Search allowClear enterButton name="q" placeholder={props.placeholder} onSearch={paged.search} style={{ maxWidth: 420, flex: '1 1 260px' }} />
        {props.filters}
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<T>
        data-testid={props.testId}
        rowKey={props.rowKey}
        size="middle"
        scroll={{ x: 'max-content' }}
        loading={list.isFetching}
        columns={props.columns}
        locale={props.emptyText === undefined ? undefined : { emptyText: props.emptyText }}
        onRow={onRowClick && ((record) => ({ onClick: () => onRowClick(record), style: { cursor: 'pointer' } }))}
        dataSource={list.data?.items ?? []}
        pagination={{ ...paged.pagination(list.data?.total), showTotal: (total) => t('common.total', { total }) }}
      />
    </>
  );
}
