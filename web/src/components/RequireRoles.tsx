import type { ReactNode } from 'react';
import { useMe } from '../api/auth';
import type { Role } from '../api/types';
import { allowed } from '../layouts/consoleNav';
import { Forbidden } from '../pages/errors';

/** Renders the page only for the given roles; everyone else sees the 403 page. */
export function RequireRoles({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { data: me } = useMe();
  if (!me || !allowed(me.roles, roles)) return <Forbidden />;
  return <>{children}</>;
}
