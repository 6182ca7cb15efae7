import { useState } from 'react';
import { Button, Form, Input, Space } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

export const TRACKING_NO = /^WZ-\d{8}-\d{6}$/;
const mono = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' };

/** Look an appeal up by its tracking number; opens /track/:trackingNo. */
export function TrackBox({ initial = '' }: { initial?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  const [invalid, setInvalid] = useState(false);
  const go = (raw: string) => {
    const no = raw.trim().toUpperCase();
    if (!TRACKING_NO.test(no)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    void navigate(`/track/${no}`);
  };
  return (
    <Form.Item
      label={t('appeals.wall.track')}
      layout="vertical"
      validateStatus={invalid ? 'error' : undefined}
      help={invalid ? t('appeals.wall.trackFormat') : undefined}
      style={{ marginBottom: 0 }}
    >
      <Space.Compact style={{ width: '100%' }}>
        <Input
          name="trackingNo"
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setInvalid(false);
          }}
          onPressEnter={() => go(value)}
          placeholder={t('appeals.wall.trackPlaceholder')}
          allowClear
          autoComplete="off"
          data-testid="track-input"
          style={mono}
        />
        <Button type="primary" icon={<FileSearchOutlined />} onClick={() => go(value)} aria-label={t('appeals.wall.track')} data-testid="track-submit" />
      </Space.Compact>
    </Form.Item>
  );
}
