import type { ReactNode } from 'react';
import { Button, Empty, Flex, Result, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { PersonRecords } from '../../../api/records';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { usePersonRecords } from './useRecords';

/** Loads the person's records once for every records tab; shows loading, failure and retry the same way. */
export function WithRecords({ personId, children }: { personId: string; children: (records: PersonRecords) => ReactNode }) {
  const { t } = useTranslation();
  const records = usePersonRecords(personId);
  if (records.isPending) return <Skeleton active />;
  if (!records.data) {
    return (
      <Result status="error" title={t('console.person.loadFailed')} extra={<Button onClick={() => void records.refetch()}>{t('common.retry')}</Button>}>
        <ErrorAlert error={records.error} />
      </Result>
    );
  }
  return (
    <>
      <ErrorAlert error={records.error} />
      {children(records.data)}
    </>
  );
}

/** One kind of record as a table, with the buttons that add one above it. */
export function RecordTable<T extends { id: string }>(props: {
  rows: T[];
  columns: ColumnsType<T>;
  empty: string;
  toolbar?: ReactNode;
  note?: ReactNode;
  testId: string;
}) {
  return (
    <>
      {(props.toolbar || props.note) && (
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {props.note}
          </Typography.Text>
          <Flex wrap gap={8}>
            {props.toolbar}
          </Flex>
        </Flex>
      )}
      <Table<T>
        rowKey="id"
        size="small"
        columns={props.columns}
        dataSource={props.rows}
        pagination={props.rows.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={props.empty} /> }}
        data-testid={props.testId}
      />
    </>
  );
}

/** The row's action buttons, as small links that wrap. */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <Flex wrap gap={4} style={{ columnGap: 12 }}>
      {children}
    </Flex>
  );
}
