import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select, Switch, Tooltip, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, CommentOutlined, FieldTimeOutlined, MergeCellsOutlined, PhoneOutlined, RollbackOutlined, SendOutlined, SwapOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { appealsApi, type StaffAppeal } from '../../api/appeals';
import { ErrorAlert } from '../../components/ErrorAlert';
import { allowed, APPEAL_ROLES, HOTLINE_ROLES } from '../../layouts/consoleNav';

type Action = 'note' | 'reply' | 'transfer' | 'return' | 'callback';

interface Values {
  body: string;
  resolved?: boolean;
  departmentId?: string;
}

/** Which actions the appeal's status allows, mirroring the server's state machine. */
function available(a: StaffAppeal, roles: readonly string[]) {
  const handle = allowed(roles, APPEAL_ROLES);
  return {
    acknowledge: handle && a.status === 'submitted',
    note: handle,
    reply: handle && a.status === 'in_progress',
    transfer: handle && ['submitted', 'in_progress', 'returned'].includes(a.status),
    return: handle && ['submitted', 'in_progress'].includes(a.status),
    callback: allowed(roles, HOTLINE_ROLES) && !!a.callbackDueAt && !a.callbackDoneAt,
    extension: handle && ['submitted', 'in_progress'].includes(a.status),
    decideExtension: roles.includes('supervisor') && a.extensionRequestedDays !== null,
    merge: handle && !!a.duplicateOf && ['submitted', 'in_progress', 'returned'].includes(a.status),
  };
}

/** 申请延期: how many more working days and why; a supervisor decides. */
function ExtensionModal({ appeal, open, onClose }: { appeal: StaffAppeal; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ days: number; reason: string }>();
  const run = useMutation({
    mutationFn: (v: { days: number; reason: string }) => appealsApi.requestExtension(appeal.id, v.days, v.reason.trim()),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['appeals'] });
      void message.success(t('appeals.extension.requested'));
      close();
    },
  });
  function close() {
    run.reset();
    form.resetFields();
    onClose();
  }
  return (
    <Modal
      open={open}
      title={t('appeals.extension.requestTitle')}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': 'extension-submit' }}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={560}
    >
      <Alert type="info" showIcon title={t('appeals.extension.requestHint')} style={{ marginBottom: 16 }} />
      <ErrorAlert error={run.error} />
      <Form form={form} name="appeal-extension" layout="vertical" initialValues={{ days: 5 }} onFinish={run.mutate}>
        <Form.Item name="days" label={t('appeals.extension.days')} rules={[{ required: true, type: 'integer', min: 1, max: 30, message: t('appeals.extension.daysRequired') }]}>
          <InputNumber min={1} max={30} precision={0} style={{ width: 160 }} data-testid="extension-days" />
        </Form.Item>
        <Form.Item name="reason" label={t('appeals.extension.reason')} rules={[{ required: true, whitespace: true, message: t('appeals.extension.reasonRequired') }]}>
          <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 8 }} data-testid="extension-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The pending extension request; supervisors approve or refuse it here. */
function ExtensionPending({ appeal, canDecide }: { appeal: StaffAppeal; canDecide: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const decide = useMutation({
    mutationFn: (approve: boolean) => appealsApi.decideExtension(appeal.id, approve, comment.trim() || undefined),
    onSuccess: (_, approve) => {
      void queryClient.invalidateQueries({ queryKey: ['appeals'] });
      void message.success(t(approve ? 'appeals.extension.approved' : 'appeals.extension.refused'));
      setDecision(null);
      setComment('');
    },
  });
  if (appeal.extensionRequestedDays === null) return null;
  const days = appeal.extensionRequestedDays;
  return (
    <>
      <Alert
        type="warning"
        showIcon
        icon={<FieldTimeOutlined />}
        style={{ marginBottom: 12 }}
        data-testid="extension-pending"
        title={t('appeals.extension.pending', { days, reason: appeal.extensionReason ?? '' })}
        action={
          canDecide && (
            <Flex gap={8} wrap>
              <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => setDecision(true)} data-testid="extension-approve">
                {t('appeals.extension.approve')}
              </Button>
              <Button size="small" danger icon={<CloseOutlined />} onClick={() => setDecision(false)} data-testid="extension-refuse">
                {t('appeals.extension.refuse')}
              </Button>
            </Flex>
          )
        }
      />
      <Modal
        open={decision !== null}
        title={decision ? t('appeals.extension.approveConfirm', { days }) : t('appeals.extension.refuseConfirm')}
        onCancel={() => {
          setDecision(null);
          decide.reset();
        }}
        onOk={() => decision !== null && decide.mutate(decision)}
        okText={decision ? t('appeals.extension.approve') : t('appeals.extension.refuse')}
        okButtonProps={{ danger: decision === false, 'data-testid': 'extension-decision-submit' }}
        confirmLoading={decide.isPending}
        destroyOnHidden
      >
        <ErrorAlert error={decide.error} />
        <Typography.Text type="secondary">{t('appeals.extension.comment')}</Typography.Text>
        <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 6 }} style={{ marginTop: 4 }} data-testid="extension-comment" />
      </Modal>
    </>
  );
}

/** Departments an appeal can be transferred to: every bureau of my city other than its own. */
function useTransferTargets(appeal: StaffAppeal, enabled: boolean) {
  const departments = useQuery({ queryKey: ['transfer-targets'], queryFn: appealsApi.transferTargets, enabled, staleTime: 5 * 60_000 });
  const options = (departments.data ?? []).filter((d) => d.id !== appeal.departmentId).map((d) => ({ value: d.id, label: `${d.name}（${d.regionName}）` }));
  return { options, departments };
}

function TransferSelect({ appeal }: { appeal: StaffAppeal }) {
  const { t } = useTranslation();
  const { options, departments } = useTransferTargets(appeal, true);
  return (
    <>
      <ErrorAlert error={departments.error} />
      {departments.isSuccess && options.length === 0 && <Alert type="warning" showIcon title={t('appeals.staff.actions.noDepartments')} style={{ marginBottom: 16 }} />}
      <Form.Item name="departmentId" label={t('appeals.staff.actions.transferTo')} rules={[{ required: true, message: t('appeals.staff.actions.transferTo') }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} loading={departments.isPending} options={options} data-testid="transfer-department" />
      </Form.Item>
    </>
  );
}

/** The dialog of one action: the text it needs, and for a reply whether the issue is resolved. */
function ActionModal({ appeal, action, open, onClose }: { appeal: StaffAppeal; action: Action | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const run = useMutation({
    mutationFn: (v: Values): Promise<unknown> => {
      const text = v.body.trim();
      switch (action) {
        case 'note':
          return appealsApi.note(appeal.id, text);
        case 'reply':
          return appealsApi.reply(appeal.id, text, v.resolved ?? true);
        case 'transfer':
          return appealsApi.transfer(appeal.id, v.departmentId ?? '', text);
        case 'return':
          return appealsApi.returnToDispatcher(appeal.id, text);
        case 'callback':
          return appealsApi.callback(appeal.id, text);
        case null:
          throw new Error('no action');
      }
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['appeals'] });
      if (action === 'return' || action === 'transfer') {
        // The appeal now belongs to another department and may be outside my region.
        void message.success(t(action === 'return' ? 'appeals.staff.actions.returned' : 'appeals.staff.actions.transferred'));
        void navigate('/console/appeals');
      } else {
        void message.success(t('appeals.staff.actions.done'));
      }
      close();
    },
  });

  function close() {
    run.reset();
    form.resetFields();
    onClose();
  }

  const label: Record<Action, string> = {
    note: t('appeals.staff.actions.noteLabel'),
    reply: t('appeals.staff.actions.replyLabel'),
    transfer: t('appeals.staff.actions.reason'),
    return: t('appeals.staff.actions.reason'),
    callback: t('appeals.staff.actions.callbackLabel'),
  };
  const hint: Partial<Record<Action, string>> = {
    reply: t('appeals.staff.actions.replyHint'),
    transfer: t('appeals.staff.actions.transferHint'),
    return: t('appeals.staff.actions.returnHint'),
    callback: t('appeals.staff.actions.callbackHint'),
  };
  const max = action === 'transfer' || action === 'return' ? 500 : 5000;
  return (
    <Modal
      open={open && action !== null}
      title={action ? t(`appeals.staff.actions.${action}`) : ''}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': `${action ?? 'action'}-submit` }}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={640}
    >
      {action && hint[action] && <Alert type="info" showIcon title={hint[action]} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={run.error} />
      <Form<Values> form={form} name={`appeal-${action ?? ''}`} layout="vertical" initialValues={{ resolved: true }} onFinish={run.mutate}>
        {action === 'transfer' && <TransferSelect appeal={appeal} />}
        <Form.Item name="body" label={action ? label[action] : ''} rules={[{ required: true, whitespace: true, message: t('appeals.staff.actions.required') }]}>
          <Input.TextArea name="body" maxLength={max} showCount autoSize={{ minRows: 4, maxRows: 12 }} data-testid={`${action ?? 'action'}-body`} />
        </Form.Item>
        {action === 'reply' && (
          <Form.Item name="resolved" label={t('appeals.staff.actions.resolved')} valuePropName="checked">
            <Switch data-testid="reply-resolved" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 申请延期, disabled (with the reason) once the deadline has passed or while a request is pending. */
function ExtensionButton({ appeal, onClick }: { appeal: StaffAppeal; onClick: () => void }) {
  const { t } = useTranslation();
  const passed = new Date(appeal.replyDueAt) <= new Date();
  const pending = appeal.extensionRequestedDays !== null;
  const why = passed ? t('appeals.extension.deadlinePassed') : pending ? t('appeals.extension.pendingTooltip') : null;
  const button = (
    <Button icon={<FieldTimeOutlined />} onClick={onClick} disabled={!!why} data-testid="appeal-action-extension">
      {t('appeals.extension.request')}
    </Button>
  );
  // A disabled button fires no mouse events, so the tooltip hangs on a wrapper.
  return why ? (
    <Tooltip title={why}>
      <span style={{ display: 'inline-block', cursor: 'not-allowed' }} data-testid="extension-disabled">
        {button}
      </span>
    </Tooltip>
  ) : (
    button
  );
}

/** The buttons valid for the appeal's status and my roles. */
export function AppealActions({ appeal }: { appeal: StaffAppeal }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const [action, setChosen] = useState<Action | null>(null);
  const [extending, setExtending] = useState(false);
  const [open, setOpen] = useState(false);
  const setAction = (a: Action) => {
    setChosen(a);
    setOpen(true);
  };
  const can = available(appeal, me?.roles ?? []);
  const targets = useTransferTargets(appeal, can.transfer);
  // One-click actions behind a confirmation.
  const oneClick = (run: (id: string) => Promise<unknown>) => ({
    mutationFn: () => run(appeal.id),
    onSuccess: () => {
      void message.success(t('appeals.staff.actions.done'));
      void queryClient.invalidateQueries({ queryKey: ['appeals'] });
    },
  });
  const acknowledge = useMutation(oneClick(appealsApi.acknowledge));
  const merge = useMutation(oneClick(appealsApi.merge));
  return (
    <>
      <ErrorAlert error={acknowledge.error ?? merge.error} />
      <ExtensionPending appeal={appeal} canDecide={can.decideExtension} />
      <Flex wrap gap={8} data-testid="appeal-actions">
        {can.acknowledge && (
          <Popconfirm title={t('appeals.staff.actions.acknowledgeConfirm')} onConfirm={() => acknowledge.mutate()} okButtonProps={{ 'data-testid': 'acknowledge-confirm' }}>
            <Button type="primary" icon={<CheckOutlined />} loading={acknowledge.isPending} data-testid="appeal-action-acknowledge">
              {t('appeals.staff.actions.acknowledge')}
            </Button>
          </Popconfirm>
        )}
        {can.reply && (
          <Button type="primary" icon={<SendOutlined />} onClick={() => setAction('reply')} data-testid="appeal-action-reply">
            {t('appeals.staff.actions.reply')}
          </Button>
        )}
        {can.callback && (
          <Button type="primary" icon={<PhoneOutlined />} onClick={() => setAction('callback')} data-testid="appeal-action-callback">
            {t('appeals.staff.actions.callback')}
          </Button>
        )}
        {can.note && (
          <Button icon={<CommentOutlined />} onClick={() => setAction('note')} data-testid="appeal-action-note">
            {t('appeals.staff.actions.note')}
          </Button>
        )}
        {can.transfer && targets.options.length > 0 && (
          <Button icon={<SwapOutlined />} onClick={() => setAction('transfer')} data-testid="appeal-action-transfer">
            {t('appeals.staff.actions.transfer')}
          </Button>
        )}
        {can.merge && (
          <Popconfirm title={t('appeals.staff.actions.mergeConfirm')} onConfirm={() => merge.mutate()} okButtonProps={{ 'data-testid': 'merge-confirm' }}>
            <Button icon={<MergeCellsOutlined />} loading={merge.isPending} data-testid="appeal-action-merge">
              {t('appeals.staff.actions.merge')}
            </Button>
          </Popconfirm>
        )}
        {can.extension && <ExtensionButton appeal={appeal} onClick={() => setExtending(true)} />}
        {can.return && (
          <Button danger icon={<RollbackOutlined />} onClick={() => setAction('return')} data-testid="appeal-action-return">
            {t('appeals.staff.actions.return')}
          </Button>
        )}
      </Flex>
      <ActionModal appeal={appeal} action={action} open={open} onClose={() => setOpen(false)} />
      <ExtensionModal appeal={appeal} open={extending} onClose={() => setExtending(false)} />
    </>
  );
}
