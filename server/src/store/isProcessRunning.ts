// Whether a process that took a lock at `since` is still running on this machine. A pid alone is
// not enough: after a restart (a container's pid 1, a reboot) the same pid may belong to another
// process, so on Linux its start time is read too; a zombie (killed, not yet reaped) is not running.
import { readFileSync } from 'fs';

/** Linux's clock ticks per second (sysconf(_SC_CLK_TCK)): 100 on every current architecture. */
const CLOCK_TICKS = 100;

function bootTimeMs(): number | undefined {
  try {
    const match = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    return match ? Number(match[1]) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The process's state letter and start time (ms since the epoch), from /proc; undefined elsewhere. */
function procStat(pid: number): { state: string; startedAt: number | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const boot = bootTimeMs();
  const ticks = Number(fields[19]);
  return { state: fields[0], startedAt: boot === undefined || !Number.isFinite(ticks) ? undefined : boot + (ticks / CLOCK_TICKS) * 1000 };
}

export function isProcessRunning(pid: number, since: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, under another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  if (stat === undefined) return true;
  if (stat.state === 'Z' || stat.state === 'X') return false;
  // Started after the lock was taken (2 s for clock granularity): another process with the same pid.
  return stat.startedAt === undefined || stat.startedAt <= since + 2000;
}
