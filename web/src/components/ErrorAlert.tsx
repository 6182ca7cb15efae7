import { Alert } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from './errorText';

/** A server or browser error as an antd Alert; renders nothing without an error. */
export function ErrorAlert({ error, style }: { error: unknown; style?: CSSProperties }) {
  const { t } = useTranslation();
  const describe = useErrorText();
  if (!error) return null;
  const text = describe(error);
  const lines = [...text.details];
  if (text.requestId) lines.push(t('errors.requestId', { id: text.requestId }));
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="error-alert"
      style={{ marginBottom: 16, ...style }}
      title={text.title}
      description={lines.length ? lines.map((l) => <div key={l}>{l}</div>) : undefined}
    />
  );
}
