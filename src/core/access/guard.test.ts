import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type StaffActor } from './guard.ts';
import { actions, adminRoleConflict, permissions, roles, type Action, type Role } from './roles.ts';

function staffAt(role: Role, regionCode: string): StaffActor {
  return { kind: 'staff', id: `${role}@${regionCode}`, name: role, roles: [role], departmentId: 'd', regionCode };
}

const XINGQING = '640104'; // 兴庆区, a county of 银川市
const XIXIA = '640105'; // 西夏区, another county of 银川市
const XINGQING_TOWN = '640104001';
const YINCHUAN = '6401';
const SHIZUISHAN = '6402'; // another city of 宁夏

describe('access guard: role × region × action', () => {
  const regionCases: { actor: string; target: string; inside: boolean }[] = [
    { actor: XINGQING, target: XINGQING, inside: true },
    { actor: XINGQING, target: XINGQING_TOWN, inside: true },
    { actor: XINGQING, target: XIXIA, inside: false },
    { actor: XINGQING, target: '640105001', inside: false },
    { actor: XINGQING, target: YINCHUAN, inside: false },
    { actor: XINGQING_TOWN, target: '640104002', inside: false },
    { actor: YINCHUAN, target: XIXIA, inside: true },
    { actor: YINCHUAN, target: '640105001', inside: true },
    { actor: YINCHUAN, target: SHIZUISHAN, inside: false },
    { actor: '64', target: '640181', inside: true },
    { actor: '64', target: '650102', inside: false },
  ];

  for (const role of roles) {
    for (const action of actions) {
      const allowed = permissions[role].includes(action);
      for (const c of regionCases) {
        const expected = !allowed ? 'forbidden' : c.inside ? 'allow' : 'out_of_scope';
        it(`${role} at ${c.actor} → ${action} on ${c.target}: ${expected}`, () => {
          assert.equal(decide(staffAt(role, c.actor), action, { kind: 'x', regionCode: c.target }), expected);
        });
      }
    }
  }

  it('lets a county caseworker read citizens of the county and its towns only', () => {
    const caseworker = staffAt('caseworker', XINGQING);
    assert.equal(decide(caseworker, 'citizen:read', { kind: 'citizen', regionCode: '640104003' }), 'allow');
    assert.equal(decide(caseworker, 'citizen:read', { kind: 'citizen', regionCode: '640105002' }), 'out_of_scope');
  });

  it('lets a city supervisor see the whole city but not unmask identifiers', () => {
    const supervisor = staffAt('supervisor', YINCHUAN);
    assert.equal(decide(supervisor, 'citizen:read', { kind: 'citizen', regionCode: '640181100' }), 'allow');
    assert.equal(decide(supervisor, 'citizen:unmask', { kind: 'citizen', regionCode: '640181100' }), 'forbidden');
  });

  it('keeps the audit log to the audit administrator', () => {
    const readers = roles.filter((r) => decide(staffAt(r, YINCHUAN), 'audit:read') === 'allow');
    assert.deepEqual(readers, ['auditadmin']);
  });

  it('never lets a citizen through the staff guard', () => {
    for (const action of actions) {
      assert.equal(decide({ kind: 'citizen', id: 'c', name: 'c', regionCode: XINGQING }, action as Action), 'forbidden');
    }
  });

  it('refuses any account holding two of the three administrator roles', () => {
    assert.deepEqual(adminRoleConflict(['sysadmin', 'auditadmin']), ['sysadmin', 'auditadmin']);
    assert.deepEqual(adminRoleConflict(['secadmin', 'caseworker', 'sysadmin']), ['secadmin', 'sysadmin']);
    assert.equal(adminRoleConflict(['sysadmin', 'caseworker']), null);
  });
});
