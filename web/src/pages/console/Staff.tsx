import { useState } from 'react';
import { Button, Card, Flex, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CreateStaffModal } from './CreateStaffModal';
import { StaffTable } from './StaffTable';

/** /console/staff (system administrator): staff accounts and creating new ones. */
export default function Staff() {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('console.staff.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-staff">
          {t('console.staff.create')}
        </Button>
      </Flex>
      <StaffTable />
      <CreateStaffModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
