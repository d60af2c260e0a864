// The simulated machine's wall clock. kernlab has no real time: the
// machine boots at a fixed moment (BOOT_EPOCH, in UTC) and its clock is
// boot time plus jiffies. ps's STIME/START, uptime's clock and dmesg all
// derive from it, so every run shows the same times.

import type { Kernel } from '../kernel/kernel';
import { HZ, USER_HZ } from '../kernel/param';
import { nsecToClockT } from '../kernel/sched/cputime';

export { USER_HZ, nsecToClockT };

/** Seconds since 1970 at boot: Monday 2 September 2024, 09:00:00 UTC. */
export const BOOT_EPOCH = 1725267600;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Broken-down UTC time. */
export interface Tm {
  year: number; // e.g. 2024
  mon: number; // 0..11
  mday: number; // 1..31
  hour: number; // 0..23
  min: number; // 0..59
  sec: number; // 0..59
  wday: number; // 0 = Sunday
  yday: number; // 0..365
}

/** gmtime: seconds since 1970 to calendar time (Howard Hinnant's civil_from_days). */
export function gmtime(t: number): Tm {
  const secs = Math.floor(t);
  const days = Math.floor(secs / 86400);
  const rem = secs - days * 86400;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const mday = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const mon = mp < 10 ? mp + 2 : mp - 10;
  const year = yoe + era * 400 + (mon <= 1 ? 1 : 0);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const cum = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
  const yday = cum[mon] + mday - 1 + (leap && mon > 1 ? 1 : 0);
  return {
    year,
    mon,
    mday,
    hour: Math.floor(rem / 3600),
    min: Math.floor((rem % 3600) / 60),
    sec: rem % 60,
    wday: (((days + 4) % 7) + 7) % 7,
    yday,
  };
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** The strftime conversions ps and uptime use: %H %M %S %b %m %d %e %Y %a. */
export function strftime(fmt: string, tm: Tm): string {
  return fmt.replace(/%([HMSbmdeYa])/g, (_, c: string) => {
    switch (c) {
      case 'H':
        return p2(tm.hour);
      case 'M':
        return p2(tm.min);
      case 'S':
        return p2(tm.sec);
      case 'b':
        return MONTHS[tm.mon];
      case 'm':
        return p2(tm.mon + 1);
      case 'd':
        return p2(tm.mday);
      case 'e':
        return String(tm.mday).padStart(2, ' ');
      case 'Y':
        return String(tm.year);
      default:
        return DAYS[tm.wday];
    }
  });
}

/** ctime(3) without the newline: "Mon Sep  2 09:00:00 2024". */
export function ctime(t: number): string {
  return strftime('%a %b %e %H:%M:%S %Y', gmtime(t));
}

/** Seconds since 1970 now, on the simulated clock. */
export function wallclock(k: Kernel): number {
  return BOOT_EPOCH + Math.floor(k.jiffies / HZ);
}

/** /proc/uptime's first number as procps reads it: seconds since boot, to 1/100 s. */
export function uptimeSeconds(k: Kernel): number {
  return Math.floor((k.jiffies * USER_HZ) / HZ) / USER_HZ;
}

/** Jiffies (ms) to clock ticks (USER_HZ). linux: jiffies_to_clock_t */
export function jiffiesToClockT(j: number): number {
  return Math.floor((j * USER_HZ) / HZ);
}

