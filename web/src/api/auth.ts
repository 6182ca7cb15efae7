import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from './client';
import type { Health, LoginStep, Me, Session, WithMe } from './types';

export const meKey = ['me'] as const;

export const authApi = {
  health: () => api.get<Health>('/api/health'),
  me: () => api.get<Me>('/api/auth/me'),
  staffLogin: (username: string, password: string) => api.post<LoginStep>('/api/auth/staff/login', { username, password }),
  citizenLogin: (idNumber: string, password: string) => api.post<LoginStep>('/api/auth/citizen/login', { idNumber, password }),
  citizenSignup: (body: { idNumber: string; name: string; password: string; phone?: string }) =>
    api.post<WithMe>('/api/auth/citizen/signup', body),
  totp: (code: string) => api.post<WithMe>('/api/auth/second-factor/totp', { code }),
  recovery: (code: string) => api.post<WithMe>('/api/auth/second-factor/recovery', { code }),
  async passkeyLogin(): Promise<WithMe> {
    const optionsJSON = await api.post<PublicKeyCredentialRequestOptionsJSON>('/api/auth/second-factor/passkey/options');
    const response = await startAuthentication({ optionsJSON });
    return api.post<WithMe>('/api/auth/second-factor/passkey/verify', { response });
  },
  totpStart: () => api.post<{ secret: string; otpauthUrl: string }>('/api/auth/enrol/totp/start'),
  totpConfirm: (code: string) => api.post<WithMe>('/api/auth/enrol/totp/confirm', { code }),
  async passkeyEnrol(name?: string): Promise<WithMe> {
    const optionsJSON = await api.post<PublicKeyCredentialCreationOptionsJSON>('/api/auth/enrol/passkey/options');
    const response = await startRegistration({ optionsJSON });
    return api.post<WithMe>('/api/auth/enrol/passkey/verify', name ? { response, name } : { response });
  },
  regenerateRecoveryCodes: () => api.post<{ recoveryCodes: string[] }>('/api/auth/recovery-codes'),
  logout: () => api.post<void>('/api/auth/logout'),
  sessions: () => api.get<Session[]>('/api/auth/sessions'),
  revokeSession: (id: string) => api.del(`/api/auth/sessions/${encodeURIComponent(id)}`),
};

/** The logged-in account; `null` when nobody is (a 401), so callers can tell "no" from "loading". */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: meKey,
    queryFn: async () => {
      try {
        return await authApi.me();
      } catch (e) {
        if (isApiError(e) && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

/** Log out, forget every cached answer, and remember that nobody is logged in. */
export function useLogout() {
  const queryClient = useQueryClient();
  return async () => {
    try {
      await authApi.logout();
    } catch {
      // The session may already be gone; the local state is reset either way.
    }
    forgetSession(queryClient);
  };
}

/** Nobody is logged in any more: drop every cached answer but keep watchers of `me` informed. */
export function forgetSession(queryClient: QueryClient) {
  queryClient.setQueryData(meKey, null);
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
}
