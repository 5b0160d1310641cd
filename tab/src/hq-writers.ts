import type { Me } from './api';

/**
 * Who may write to the wards — an お知らせ or a 全区照会 (the server decides again on every request):
 * an HQ responder or approver, or an administrator in an HQ department.
 */
export function canWriteToWards(me: Me): boolean {
  if (me.department.kind !== 'hq') return false;
  return me.roles.includes('responder') || me.roles.includes('approver') || me.roles.includes('admin');
}
