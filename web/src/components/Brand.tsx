import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

export const BRAND_RED = '#c8102e';

/** The red "民" mark and the platform name, linking home. */
export function Brand({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to="/" style={{ display: 'inline-flex', alignItems: 'center', gap: 10, color: 'inherit', minWidth: 0 }}>
      <span
        aria-hidden
        style={{
          width: 32,
          height: 32,
          borderRadius: 6,
          background: BRAND_RED,
          color: '#fff',
          display: 'inline-flex',
          alignItems: 'center',
          justifyContent: 'center',
          fontWeight: 700,
          flex: 'none',
        }}
      >
        民
      </span>
      {!compact && (
        <span style={{ fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {t('app.fullName')}
        </span>
      )}
    </Link>
  );
}
