/**
 * SharePoint's internal column names. A column an admin adds in the SharePoint UI gets its
 * internal name from the display name it was first given: every character other than an ASCII
 * letter, digit or underscore becomes `_x` + its UTF-16 code unit as 4 lowercase hex digits + `_` (所管課 →
 * `_x6240__x7ba1__x8ab2_`, a space → `_x0020_`), the result is cut to 32 characters (possibly in
 * the middle of an escape, as SharePoint does), and a clash gets a number appended. Graph's
 * fields and $filter use that internal name, so a client must look names up through
 * /columns rather than guess them; the display name can change later, the internal name never.
 */

const MAX_INTERNAL_NAME = 32;

export function encodeInternalName(displayName: string): string {
  let out = '';
  for (let i = 0; i < displayName.length; i++) {
    const unit = displayName.charCodeAt(i);
    const char = displayName[i];
    out += /[A-Za-z0-9_]/.test(char) ? char : `_x${unit.toString(16).padStart(4, '0')}_`;
  }
  return out.slice(0, MAX_INTERNAL_NAME);
}

/** `base`, or base with the first number that makes it unique (compared case-insensitively). */
export function uniqueName(base: string, taken: (name: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 0; ; n++) {
    const candidate = `${base.slice(0, MAX_INTERNAL_NAME - String(n).length)}${n}`;
    if (!taken(candidate)) return candidate;
  }
}
