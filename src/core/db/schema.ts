// Every table the migrations know about. Modules add their `<m>.tables.ts` here.
export * from '../regions/regions.tables.ts';
export * from '../access/access.tables.ts';
export * from '../auth/auth.tables.ts';
export * from '../audit/audit.tables.ts';
export * from '../http/idempotency.tables.ts';
export * from '../calendar/calendar.tables.ts';
