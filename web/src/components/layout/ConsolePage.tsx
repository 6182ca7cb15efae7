import type { ReactNode } from 'react';
import { Button, Flex, Typography } from 'antd';

/** A console page's title, its main action (if the user may take it) and a line saying what the page is for. */
export function PageHeader({ title, intro, action }: { title: ReactNode; intro?: ReactNode; action?: ReactNode }) {
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {action}
      </Flex>
      {intro && <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>}
    </>
  );
}

/**
 * The last column of a console table: one link that opens the row. The click stays with the
 * link, so a row that also opens on click does not open twice.
 */
export function openColumn<T extends { id: string | number }>(title: string, open: (id: T['id']) => void, label: (row: T) => ReactNode, testId: string) {
  return {
    title,
    key: 'actions',
    render: (_: unknown, row: T) => (
      <Button
        type="link"
        size="small"
        style={{ paddingInline: 0 }}
        onClick={(e) => {
          e.stopPropagation();
          open(row.id);
        }}
        data-testid={testId}
      >
        {label(row)}
      </Button>
    ),
  };
}
