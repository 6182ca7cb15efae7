import { useQueryClient } from '@tanstack/react-query';
import { meKey } from '../api/auth';
import type { Me } from '../api/types';

/** After a login or enrolment step: remember the account the server returned. */
export function useAcceptMe() {
  const queryClient = useQueryClient();
  return (me: Me | undefined) => {
    if (me) queryClient.setQueryData(meKey, me);
    else void queryClient.invalidateQueries({ queryKey: meKey });
  };
}
