import { App, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { consoleApi } from '../../api/console';
import { ADMIN_ROLES, ROLES, type NewStaff, type Role } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { staffListKey } from './StaffTable';

/** Create a staff account; the person enrols a second factor at first login. */
export function CreateStaffModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewStaff>();
  const departments = useQuery({ queryKey: ['departments'], queryFn: consoleApi.departments, enabled: open });
  const create = useMutation({
    mutationFn: (v: NewStaff) => consoleApi.createStaff({ ...v, username: v.username.trim(), displayName: v.displayName.trim() }),
    onSuccess: () => {
      void message.success(t('console.staff.created'));
      void queryClient.invalidateQueries({ queryKey: staffListKey });
      close();
    },
  });

  function close() {
    create.reset();
    form.resetFields();
    onClose();
  }

  return (
    <Modal
      open={open}
      title={t('console.staff.create')}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <ErrorAlert error={create.error ?? departments.error} />
      <Form form={form} name="createStaff" layout="vertical" onFinish={create.mutate}>
        <Form.Item
          name="username"
          label={t('console.staff.username')}
          rules={[{ required: true, pattern: /^[a-zA-Z0-9._-]{3,64}$/, message: t('console.staff.usernameRule') }]}
        >
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item name="displayName" label={t('console.staff.displayName')} rules={[{ required: true, whitespace: true, message: t('console.staff.displayNameRequired') }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="departmentId" label={t('console.staff.department')} rules={[{ required: true, message: t('console.staff.departmentRequired') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={departments.isPending}
            options={(departments.data ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.regionName}）` }))}
          />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('console.staff.roles')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('console.staff.rolesRequired') },
            {
              validator: async (_r, value: Role[] | undefined) => {
                if ((value ?? []).filter((r) => ADMIN_ROLES.includes(r)).length > 1) throw new Error(t('console.staff.adminConflict'));
              },
            },
          ]}
        >
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('console.staff.initialPassword')}
          extra={t('console.staff.passwordHint')}
          rules={[{ required: true, min: 10, pattern: /^(?=.*[A-Za-z])(?=.*\d).+$/, message: t('portal.passwordRule') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
