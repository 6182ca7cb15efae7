import { createHash } from 'node:crypto';
import { count } from 'drizzle-orm';
import { base32 } from '@scure/base';
import { fakerZH_CN as faker } from '@faker-js/faker';
import type { Platform } from '@core/platform.ts';
import { departments } from '@core/access/access.tables.ts';
import { citizens, staff } from '@core/auth/auth.tables.ts';
import { hashPassword } from '@core/auth/passwords.ts';
import type { Role } from '@core/access/roles.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';

/** DEMO ONLY. Every demo account uses this password; production refuses to create them. */
export const DEMO_PASSWORD = 'Demo-2026-minsheng';

/** DEMO ONLY: a fixed TOTP secret per demo username, so scripts and the README can log in. */
export function demoTotpSecret(username: string): string {
  return base32.encode(createHash('sha256').update(`minsheng-demo-totp:${username}`).digest().subarray(0, 20));
}

export interface DemoStaff {
  username: string;
  displayName: string;
  roles: Role[];
  department: string;
  totpSecret: string;
}

export interface DemoSummary {
  staff: DemoStaff[];
  citizens: { idNumber: string; name: string }[];
  citizenCount: number;
}

const CITY = '6401'; // 银川市
const humanRoles: Role[] = ['caseworker', 'department_head', 'supervisor', 'sysadmin', 'secadmin', 'auditadmin'];
const roleSuffix: Record<Role, string> = {
  caseworker: 'caseworker',
  department_head: 'head',
  supervisor: 'supervisor',
  partner: 'partner',
  sysadmin: 'sysadmin',
  secadmin: 'secadmin',
  auditadmin: 'auditadmin',
};
const roleName: Record<Role, string> = {
  caseworker: '经办',
  department_head: '科长',
  supervisor: '督办',
  partner: '接口',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditadmin: '审计管理员',
};

/**
 * Fills an empty database with a demo city: 银川市 with its bureaus at city, county and
 * town level, staff for every role at each level, and a few hundred citizens with valid ID
 * numbers. Runs only outside production and only when there is no staff yet.
 */
export async function seedDemo(platform: Platform, options: { citizens?: number } = {}): Promise<DemoSummary | null> {
  const { config, database, crypto, regions } = platform;
  if (config.env === 'production') throw new Error('demo data is never created in production mode');
  const [existing] = await database.db.select({ n: count() }).from(staff);
  if ((existing?.n ?? 0) > 0) return null;

  faker.seed(20261129);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const bureaus = [
    { key: 'yc', name: '银川市人力资源和社会保障局', region: CITY, roles: humanRoles },
    { key: 'xq', name: '兴庆区人力资源和社会保障局', region: '640104', roles: humanRoles },
    { key: 'xqfh', name: '凤凰北街街道社会保障服务所', region: '640104001', roles: humanRoles },
    { key: 'xx', name: '西夏区人力资源和社会保障局', region: '640105', roles: ['caseworker', 'department_head', 'supervisor'] as Role[] },
    { key: 'jf', name: '金凤区人力资源和社会保障局', region: '640106', roles: ['caseworker'] as Role[] },
  ];
  const countyCodes = regions.children(CITY).map((r) => r.code);
  const towns = countyCodes.flatMap((c) => regions.children(c));

  return database.transaction(async (tx) => {
    const demoStaff: DemoStaff[] = [];
    for (const bureau of bureaus) {
      const [dept] = await tx.insert(departments).values({ name: bureau.name, regionCode: bureau.region }).returning({ id: departments.id });
      for (const role of bureau.roles) {
        const username = `${bureau.key}.${roleSuffix[role]}`;
        const displayName = `${faker.person.lastName()}${faker.person.firstName()}（${roleName[role]}）`;
        const totpSecret = demoTotpSecret(username);
        await tx.insert(staff).values({
          username,
          displayName,
          departmentId: dept!.id,
          roles: [role],
          passwordHash,
          totpSecretEnc: crypto.encrypt(totpSecret),
          totpEnabledAt: new Date(),
        });
        demoStaff.push({ username, displayName, roles: [role], department: bureau.name, totpSecret });
      }
    }
    // The other counties get a bureau each, without demo staff, so routing has somewhere to go.
    for (const code of countyCodes.filter((c) => !bureaus.some((b) => b.region === c))) {
      await tx.insert(departments).values({ name: `${regions.name(code)}人力资源和社会保障局`, regionCode: code });
    }

    const wanted = options.citizens ?? 300;
    const rows: (typeof citizens.$inferInsert)[] = [];
    const listed: { idNumber: string; name: string }[] = [];
    const seen = new Set<string>();
    for (let i = 0; rows.length < wanted; i++) {
      const town = i < 40 ? towns.find((t) => t.code === '640104001')! : faker.helpers.arrayElement(towns);
      const birth = faker.date.birthdate({ min: 18, max: 85, mode: 'age' });
      const birthDate = birth.toISOString().slice(0, 10);
      const sex = faker.helpers.arrayElement(['male', 'female'] as const);
      const seq = faker.number.int({ min: 0, max: 499 }) * 2 + (sex === 'male' ? 1 : 0);
      const idNumber = makeResidentId(town.code.slice(0, 6), birthDate, seq);
      if (seen.has(idNumber)) continue;
      seen.add(idNumber);
      const name = faker.person.lastName() + faker.person.firstName(sex);
      const phone = `1${faker.helpers.arrayElement(['3', '5', '7', '8', '9'])}${faker.string.numeric(9)}`;
      rows.push({
        idNumberEnc: crypto.encrypt(idNumber),
        idNumberHash: crypto.lookupHash('id_number', idNumber),
        name,
        birthDate,
        sex,
        regionCode: town.code,
        phoneEnc: crypto.encrypt(phone),
        passwordHash,
      });
      if (listed.length < 3) listed.push({ idNumber, name });
    }
    for (let i = 0; i < rows.length; i += 500) await tx.insert(citizens).values(rows.slice(i, i + 500));
    await platform.audit.append(tx, {
      actor: { kind: 'system', name: 'demo-seed' },
      action: 'demo.seeded',
      channel: 'system',
      details: { staff: demoStaff.length, citizens: rows.length, city: CITY },
    });
    return { staff: demoStaff, citizens: listed, citizenCount: rows.length };
  });
}

export function formatDemoLogins(summary: DemoSummary, origin: string): string {
  const lines = [
    '',
    '──────────── DEMO LOGINS (demo data only — never use in production) ────────────',
    `Open ${origin}/login   password for every demo account: ${DEMO_PASSWORD}`,
    'Staff (username · role · TOTP secret for an authenticator app; current code: npm run minsheng -- demo:totp <username>):',
    ...summary.staff.map((s) => `  ${s.username.padEnd(20)} ${s.roles.join(',').padEnd(16)} ${s.totpSecret}  ${s.department}`),
    `Citizens (${summary.citizenCount} in total) log in at ${origin}/portal with ID number + the same password, e.g.:`,
    ...summary.citizens.map((c) => `  ${c.idNumber}  ${c.name}`),
    '─────────────────────────────────────────────────────────────────────────────────',
    '',
  ];
  return lines.join('\n');
}
