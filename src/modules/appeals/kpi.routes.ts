import { Type } from 'typebox';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import type { RequestContext } from '@core/access/guard.ts';
import { errors } from '@core/http/schemas.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import { appError } from '@core/http/errors.ts';
import type { AppealsService } from './appeals.service.ts';
import { computeKpis, kpiGroupings, type Kpi, type KpiGrouping } from './kpi.ts';

const Rate = Type.Union([Type.Number(), Type.Null()]);
const KpiDto = Type.Object({
  filed: Type.Integer(),
  ackMeasured: Type.Integer(),
  ackOnTime: Type.Integer(),
  replyMeasured: Type.Integer(),
  replyOnTime: Type.Integer(),
  replied: Type.Integer(),
  resolved: Type.Integer(),
  rated: Type.Integer(),
  satisfied: Type.Integer(),
  redone: Type.Integer(),
  overdue: Type.Integer(),
  avgHandlingHours: Rate,
  onTimeAckRate: Rate,
  onTimeResolutionRate: Rate,
  resolutionRate: Rate,
  satisfactionRate: Rate,
  redoRate: Rate,
});
const KpiReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  regionCode: Type.String(),
  groupBy: Type.String(),
  overall: KpiDto,
  groups: Type.Array(Type.Intersect([Type.Object({ key: Type.String(), name: Type.String() }), KpiDto])),
});
const Query = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
    categoryCode: Type.Optional(Type.String({ maxLength: 40 })),
    departmentId: Type.Optional(Type.String({ format: 'uuid' })),
    groupBy: Type.Union(kpiGroupings.map((g) => Type.Literal(g)), { default: 'department' }),
  },
  { additionalProperties: false },
);

const levelNames: Record<string, string> = { town: '乡镇（街道）', county: '县（区）', city: '市', province: '省' };

const columns: { key: keyof Kpi; zh: string; en: string; percent?: boolean }[] = [
  { key: 'filed', zh: '受理量', en: 'Filed' },
  { key: 'onTimeAckRate', zh: '按时签收率', en: 'On-time acknowledgement', percent: true },
  { key: 'onTimeResolutionRate', zh: '按时办结率', en: 'On-time resolution', percent: true },
  { key: 'resolutionRate', zh: '解决率', en: 'Resolution rate', percent: true },
  { key: 'satisfactionRate', zh: '满意率', en: 'Satisfaction rate', percent: true },
  { key: 'redoRate', zh: '重办率', en: 'Redo rate', percent: true },
  { key: 'avgHandlingHours', zh: '平均办理时长（工作小时）', en: 'Average handling (working hours)' },
  { key: 'overdue', zh: '超期未办结', en: 'Overdue' },
];

/** KPI dashboards: public for everyone (whole city or a region), and for staff within their region. */
export function kpiRoutes(platform: Platform, service: AppealsService) {
  const { sessions, guard, database, regions } = platform;

  async function report(
    scope: string,
    q: { from?: string | undefined; to?: string | undefined; categoryCode?: string | undefined; departmentId?: string | undefined; groupBy: KpiGrouping },
  ) {
    const to = q.to ?? chinaDate(new Date(Date.now() + 24 * 3600_000));
    const from = q.from ?? `${chinaDate(new Date()).slice(0, 4)}-01-01`;
    const result = await computeKpis(database, { from, to, scope, categoryCode: q.categoryCode, departmentId: q.departmentId, groupBy: q.groupBy });
    const cats = q.groupBy === 'category' ? new Map((await service.activeCategories()).map((c) => [c.code, c.nameZh])) : undefined;
    const depts = q.groupBy === 'department' ? await service.departmentNames(result.groups.map((g) => g.key)) : undefined;
    const name = (key: string) =>
      q.groupBy === 'department' ? (depts?.get(key)?.name ?? key) : q.groupBy === 'category' ? (cats?.get(key) ?? key) : q.groupBy === 'level' ? (levelNames[key] ?? key) : key;
    return {
      from,
      to,
      regionCode: scope,
      groupBy: q.groupBy,
      overall: result.overall,
      groups: result.groups.map((g) => ({ ...g, name: name(g.key) })),
    };
  }

  async function staffScope(ctx: RequestContext, regionCode: string | undefined) {
    await guard.require(ctx, 'appeal:list', regionCode ? { kind: 'region', regionCode } : undefined);
    return regionCode ?? guard.scope(ctx);
  }

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['appeals'];

    app.get(
      '/api/public/appeals/kpis',
      { schema: { tags, summary: 'Public KPI dashboard (按时办结率 and the rest); no login', querystring: Query, response: { 200: KpiReport, ...errors(400, 404) } } },
      async (request) => {
        const regionCode = request.query.regionCode ?? '';
        if (regionCode && !regions.get(regionCode)) throw appError('not_found', { detail: `no division ${regionCode}` });
        return report(regionCode, request.query);
      },
    );

    app.get(
      '/api/appeals/kpis',
      { schema: { tags, summary: 'KPIs of my region, with drill-down by department, level, category or month', querystring: Query, response: { 200: KpiReport, ...errors(400, 401, 403, 404) } } },
      async (request) => report(await staffScope(await sessions.staffContext(request), request.query.regionCode), request.query),
    );

    app.get(
      '/api/appeals/kpis.xlsx',
      { schema: { tags, summary: 'The same KPIs as an Excel workbook', querystring: Query, produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] } },
      async (request, reply) => {
        const scope = await staffScope(await sessions.staffContext(request), request.query.regionCode);
        const data = await report(scope, request.query);
        const book = new ExcelJS.Workbook();
        const sheet = book.addWorksheet('问政考核指标');
        sheet.addRow([`${regions.fullName(scope) || '全部'} ${data.from} 至 ${data.to}`]);
        sheet.addRow(['', ...columns.map((c) => c.zh)]);
        sheet.addRow(['', ...columns.map((c) => c.en)]);
        const line = (label: string, k: Kpi) => sheet.addRow([label, ...columns.map((c) => k[c.key])]);
        line('合计 Total', data.overall);
        for (const g of data.groups) line(g.name, g);
        columns.forEach((c, i) => {
          const col = sheet.getColumn(i + 2);
          col.width = 18;
          if (c.percent) col.numFmt = '0.0%';
        });
        sheet.getColumn(1).width = 32;
        const buffer = await book.xlsx.writeBuffer();
        const file = `appeal-kpis-${data.from}-${data.to}.xlsx`;
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${file}"`)
          .send(Buffer.from(buffer));
      },
    );
  };
}

