/**
 * The one fetch wrapper: same-origin cookies, JSON bodies, the CSRF double-submit header on
 * every write, and problem+json errors turned into ApiError.
 */

export interface FieldProblem {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail?: string;
  message?: { zh: string; en: string };
  requestId?: string;
  errors?: FieldProblem[];
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }

  /** The server's message in the given language, falling back to the detail. */
  localized(lang: string): string | undefined {
    const m = this.problem.message;
    if (m) return lang.startsWith('en') ? m.en : m.zh;
    return this.problem.detail ?? this.problem.title;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

const CSRF_COOKIE = 'ms_csrf';

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function toError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (body && typeof body === 'object' && 'code' in body) {
    return new ApiError({ ...(body as Problem), status: response.status });
  }
  const retry = Number(response.headers.get('retry-after'));
  return new ApiError({
    status: response.status,
    code: `http_${response.status}`,
    detail: response.statusText || `HTTP ${response.status}`,
    ...(Number.isFinite(retry) && retry > 0 ? { retryAfterSeconds: retry } : {}),
  });
}

export interface RequestOptions {
  /** Extra request headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
}

export async function request<T>(method: string, path: string, body?: unknown, query?: Query, options?: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { ...options?.headers, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError({ status: 0, code: 'network', detail: e instanceof Error ? e.message : String(e) });
  }
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Sends one file as multipart/form-data (field "file") with the CSRF header; the browser sets
 * the multipart content type and boundary. Errors come back as ApiError like every other call.
 */
export async function upload<T>(path: string, file: Blob, filename?: string): Promise<T> {
  const form = new FormData();
  if (filename !== undefined) form.append('file', file, filename);
  else form.append('file', file);
  const headers: Record<string, string> = { accept: 'application/json' };
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: form });
  } catch (e) {
    throw new ApiError({ status: 0, code: 'network', detail: e instanceof Error ? e.message : String(e) });
  }
  if (!response.ok) throw await toError(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A file the server sends as an attachment, with the name from its Content-Disposition. */
export interface Downloaded {
  blob: Blob;
  filename: string | undefined;
}

/** GETs a file; errors come back as ApiError, so the page can show them instead of saving them. */
export async function download(path: string): Promise<Downloaded> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError({ status: 0, code: 'network', detail: e instanceof Error ? e.message : String(e) });
  }
  if (!response.ok) throw await toError(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  return { blob: await response.blob(), filename: filename ? decodeURIComponent(filename) : undefined };
}

/** Hands a downloaded file to the browser's save dialog. */
export function saveFile(file: Downloaded, fallbackName: string) {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename ?? fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body, undefined, options),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T = void>(path: string) => request<T>('DELETE', path),
};
