// Player names: what a student types before the @ in `ssh NAME@HOST`.
// Case-folded (Alice and alice are one player), then checked.

import { NAME_MAX, NAME_PATTERN } from './limits';

/** A name checked and folded, or why it was refused (a sentence to show). */
export type NameCheck = { ok: true; name: string } | { ok: false; reason: string };

/**
 * Fold `raw` to lower case and check it: 1 to NAME_MAX characters of
 * a-z, 0-9, '_' and '-'. The reason, when refused, is written for the
 * student who typed it.
 */
export function checkName(raw: string): NameCheck {
  const name = raw.toLowerCase();
  if (name.length === 0) return { ok: false, reason: 'a name is needed: ssh -p PORT NAME@HOST' };
  if (name.length > NAME_MAX) return { ok: false, reason: `"${printable(raw)}" is too long: names have at most ${NAME_MAX} characters` };
  if (!NAME_PATTERN.test(name)) {
    return { ok: false, reason: `"${printable(raw)}" is not a valid name: use letters a-z, digits, '_' and '-' only` };
  }
  return { ok: true, name };
}

/** `s` with control characters shown as '?' and cut to 40 characters, for messages. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 40 ? clean.slice(0, 39) + '…' : clean;
}
