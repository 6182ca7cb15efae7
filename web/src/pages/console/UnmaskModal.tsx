import { Alert, Button, Descriptions, Form, Input, Modal, Select, type DescriptionsProps } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { UNMASK_PURPOSES, type Unmasked, type UnmaskPurpose } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';

const mono = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' };

/**
 * Asks for a purpose, then shows the full values; the server audits the access.
 * `unmask` is the call for the kind of record (a citizen account, a registered person, a bank
 * account); by default the answer is an ID number and a phone, else `show` lays it out.
 * `intro`, `recorded` and `title` replace the texts that name a citizen.
 */
export function UnmaskModal<T = Unmasked>({
  subject,
  unmask: reveal,
  onClose,
  intro,
  recorded,
  title,
  show,
}: {
  subject: { id: string; name: string } | null;
  unmask: (id: string, purpose: UnmaskPurpose, note?: string) => Promise<T>;
  onClose: () => void;
  intro?: string;
  recorded?: string;
  title?: string;
  show?: (result: T) => DescriptionsProps['items'];
}) {
  const { t } = useTranslation();
  // Without `show`, the answer is a citizen's or person's ID number and phone.
  const identifiers = (data: Unmasked): DescriptionsProps['items'] => [
    { key: 'id', label: t('console.citizens.idNumber'), children: <span style={mono}>{data.idNumber}</span> },
    { key: 'phone', label: t('console.citizens.phone'), children: <span style={mono}>{data.phone ?? '—'}</span> },
  ];
  const [form] = Form.useForm<{ purpose: UnmaskPurpose; note?: string }>();
  const purpose = Form.useWatch('purpose', form);
  const unmask = useMutation({
    mutationFn: (v: { purpose: UnmaskPurpose; note?: string }) => reveal(subject?.id ?? '', v.purpose, v.note?.trim() || undefined),
  });

  const close = () => {
    unmask.reset();
    form.resetFields();
    onClose();
  };

  return (
    <Modal
      open={!!subject}
      title={title ?? t('console.citizens.unmaskTitle', { name: subject?.name ?? '' })}
      onCancel={close}
      destroyOnHidden
      footer={
        unmask.data ? (
          <Button type="primary" onClick={close}>
            {t('common.close')}
          </Button>
        ) : (
          <>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" loading={unmask.isPending} onClick={() => form.submit()} data-testid="unmask-submit">
              {t('console.citizens.reveal')}
            </Button>
          </>
        )
      }
    >
      {unmask.data ? (
        <>
          <Descriptions
            column={1}
            bordered
            size="small"
            data-testid="unmasked"
            items={show ? show(unmask.data) : identifiers(unmask.data as unknown as Unmasked)}
          />
          <Alert type="info" showIcon style={{ marginTop: 16 }} title={recorded ?? t('console.citizens.recorded')} />
        </>
      ) : (
        <>
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={intro ?? t('console.citizens.unmaskIntro')} />
          <ErrorAlert error={unmask.error} />
          <Form form={form} name="unmask" layout="vertical" onFinish={unmask.mutate}>
            <Form.Item name="purpose" label={t('console.citizens.purpose')} rules={[{ required: true, message: t('console.citizens.purposeRequired') }]}>
              <Select options={UNMASK_PURPOSES.map((p) => ({ value: p, label: t(`console.citizens.purposes.${p}`) }))} />
            </Form.Item>
            <Form.Item
              name="note"
              label={t('console.citizens.note')}
              rules={[{ required: purpose === 'other', whitespace: true, message: t('console.citizens.noteRequired') }]}
            >
              <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('console.citizens.notePlaceholder')} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
