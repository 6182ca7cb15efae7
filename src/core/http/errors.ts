/**
 * Every error a client can see has a stable `code`, an HTTP status and a message in Chinese
 * and English. Adding a code without its messages fails to compile.
 */
export const coreErrors = {
  validation_failed: { status: 400, zh: '提交的数据不符合要求', en: 'The request data is not valid' },
  bad_request: { status: 400, zh: '请求无法处理', en: 'The request cannot be processed' },
  invalid_json: { status: 400, zh: '请求正文不是有效的 JSON', en: 'The request body is not valid JSON' },
  unsupported_media_type: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  payload_too_large: { status: 413, zh: '请求正文过大', en: 'The request body is too large' },
  not_found: { status: 404, zh: '找不到请求的资源', en: 'The requested resource was not found' },
  route_not_found: { status: 404, zh: '没有这个接口', en: 'No such endpoint' },
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please log in first' },
  session_invalid: { status: 401, zh: '登录已失效，请重新登录', en: 'Your session is no longer valid; please log in again' },
  second_factor_pending: {
    status: 401,
    zh: '请先完成第二步身份验证',
    en: 'Finish the second authentication step first',
  },
  forbidden: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  csrf_failed: { status: 403, zh: '请求来源校验失败，请刷新页面后重试', en: 'Request verification failed; reload the page and try again' },
  rate_limited: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; please try again later' },
  invalid_credentials: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  account_locked: {
    status: 423,
    zh: '尝试次数过多，账户已临时锁定',
    en: 'Too many failed attempts; the account is temporarily locked',
  },
  account_disabled: { status: 403, zh: '账户已停用', en: 'This account is disabled' },
  totp_invalid: { status: 401, zh: '动态验证码不正确或已过期', en: 'The one-time code is wrong or has expired' },
  totp_replayed: { status: 401, zh: '该动态验证码已使用过，请等待下一个', en: 'This one-time code was already used; wait for the next one' },
  totp_not_enrolled: { status: 409, zh: '尚未设置动态验证码', en: 'No authenticator app is set up' },
  totp_enrolment_not_started: { status: 409, zh: '请先开始设置动态验证码', en: 'Start the authenticator set-up first' },
  recovery_code_invalid: { status: 401, zh: '恢复码不正确或已使用', en: 'The recovery code is wrong or already used' },
  passkey_failed: { status: 401, zh: '通行密钥验证失败', en: 'Passkey verification failed' },
  passkey_challenge_missing: { status: 409, zh: '请先获取通行密钥挑战', en: 'Request passkey options first' },
  second_factor_required_for_staff: {
    status: 409,
    zh: '工作人员必须保留至少一种第二因素',
    en: 'Staff must keep at least one second factor',
  },
  invalid_id_number: { status: 422, zh: '身份证号码无效', en: 'The resident ID number is not valid' },
  id_number_taken: { status: 409, zh: '该身份证号码已注册', en: 'An account with this ID number already exists' },
  weak_password: {
    status: 422,
    zh: '密码至少 10 位，并包含字母和数字',
    en: 'The password needs at least 10 characters with letters and digits',
  },
  unknown_region: { status: 422, zh: '行政区划代码不存在', en: 'Unknown administrative division code' },
  username_taken: { status: 409, zh: '用户名已被使用', en: 'This username is already taken' },
  admin_roles_not_separable: {
    status: 422,
    zh: '系统管理员、安全管理员和审计管理员不能由同一账户兼任',
    en: 'System, security and audit administrator roles cannot be held by one account',
  },
  unknown_department: { status: 422, zh: '部门不存在', en: 'Unknown department' },
  purpose_required: { status: 422, zh: '查看完整信息必须说明用途', en: 'State a purpose to see the full data' },
  idempotency_key_reused: {
    status: 422,
    zh: '该幂等键已用于另一个请求',
    en: 'This Idempotency-Key was already used with a different request',
  },
  idempotency_in_progress: {
    status: 409,
    zh: '相同的请求正在处理中，请稍后重试',
    en: 'The same request is still being processed; retry shortly',
  },
  database_busy: { status: 503, zh: '数据库正被其他进程使用', en: 'The database is in use by another process' },
  internal: { status: 500, zh: '服务器内部错误，请稍后重试', en: 'Internal server error; please try again later' },
} as const satisfies Record<string, ErrorSpec>;

export interface ErrorSpec {
  readonly status: number;
  readonly zh: string;
  readonly en: string;
}

export type CoreErrorCode = keyof typeof coreErrors;

export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * The one error type the HTTP layer turns into problem+json. Modules define their own
 * code tables and create errors with `errorFactory(table)`.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: string,
    readonly spec: ErrorSpec,
    readonly extra: { detail?: string; errors?: FieldProblem[]; retryAfterSeconds?: number } = {},
  ) {
    super(`${code}: ${extra.detail ?? spec.en}`);
  }
}

export function errorFactory<T extends Record<string, ErrorSpec>>(table: T) {
  return (code: keyof T & string, extra?: AppError['extra']) => new AppError(code, table[code] as ErrorSpec, extra);
}

export const appError = errorFactory(coreErrors);
