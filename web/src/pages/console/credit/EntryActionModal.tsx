import { Alert, App, Form, Input, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { creditApi, creditKeys, type DishonestyEntry } from '../../../api/credit';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useIdempotencyKey } from '../../../lib/useIdempotencyKey';

export type EntryAction = 'objection' | 'list' | 'dismiss' | 'repair';

/**
 * Record an objection, list, dismiss or repair an entry, each with a text that goes into the
 * record and the audit trail; the server's refusal (too early, debt unpaid, decided meanwhile) is shown.
 */
export function EntryActionModal({ entry, action, onClose }: { entry: DishonestyEntry; action: EntryAction | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ text: string }>();
  const idem = useIdempotencyKey();
  const run = useMutation({
    mutationFn: ({ text }: { text: string }) => {
      const note = text.trim();
      const key = idem.keyFor({ id: entry.id, action, note });
      if (action === 'objection') return creditApi.recordObjection(entry.id, note, key);
      if (action === 'list' || action === 'dismiss') return creditApi.decide(entry.id, { decision: action, note }, key);
      return creditApi.repair(entry.id, note, key);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: creditKeys.all });
      void message.success(t(`credit.actions.done.${action ?? 'repair'}`, { name: entry.name }));
      close();
    },
    // An entry decided meanwhile: show the new state under the server's message.
    onError: () => void queryClient.invalidateQueries({ queryKey: creditKeys.party(entry.partyKind, entry.partyId) }),
  });
  function close() {
    idem.reset();
    run.reset();
    form.resetFields();
    onClose();
  }
  const kind = action ?? 'repair';
  const hint = kind === 'list' ? (entry.partyKind === 'employer' ? 'credit.actions.listHintEmployer' : 'credit.actions.listHintPerson') : `credit.actions.${kind}Hint`;
  return (
    <Modal
      open={action !== null}
      title={t(`credit.actions.${kind}Title`, { name: entry.name })}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t(`credit.actions.${kind}`)}
      okButtonProps={{ danger: kind === 'list', 'data-testid': 'credit-action-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={560}
    >
      <Alert type={kind === 'list' ? 'warning' : 'info'} showIcon title={t(hint, { date: entry.repairableOn ?? '—' })} style={{ marginBottom: 16 }} />
      <ErrorAlert error={run.error} />
      <Form form={form} name="credit-entry-action" layout="vertical" initialValues={{ text: '' }} onFinish={run.mutate}>
        <Form.Item name="text" label={t(kind === 'objection' ? 'credit.actions.objectionText' : 'credit.actions.note')} rules={[{ required: true, whitespace: true, message: t('credit.actions.noteRequired') }]}>
          <Input.TextArea name="text" maxLength={kind === 'objection' ? 2000 : 1000} showCount autoSize={{ minRows: 3, maxRows: 8 }} data-testid="credit-action-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
