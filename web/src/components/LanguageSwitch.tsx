import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { setLang, useLang } from '../i18n';

/** Toggles between Chinese and English; shows the language you would switch to. */
export function LanguageSwitch({ light }: { light?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const other = lang === 'zh' ? 'en' : 'zh';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      aria-label={t('common.language')}
      data-testid="lang-switch"
      lang={other === 'zh' ? 'zh-CN' : 'en'}
      style={light ? { color: '#fff' } : undefined}
      onClick={() => void setLang(other)}
    >
      {t(`lang.${other}`)}
    </Button>
  );
}
