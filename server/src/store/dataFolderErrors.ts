import { UdeskError } from 'taro-udesk/core';

/** Who holds an embedded data folder: written into its lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When it took the folder (ISO 8601). */
  since: string;
}

/** Another server (or store) holds the embedded data folder. */
export class DataFolderInUseError extends UdeskError {
  readonly dataDir: string;
  readonly holder: LockHolder;
  constructor(dataDir: string, holder: LockHolder, hint: string) {
    super(`the data folder ${dataDir} is in use by another taro-udesk-server (pid ${holder.pid} on ${holder.host}, since ${holder.since}): ` +
      `two servers on one folder destroy it. Stop that one first, or give this one another --data folder${hint}.`);
    this.name = 'DataFolderInUseError';
    this.dataDir = dataDir;
    this.holder = holder;
  }
}

/** The embedded data folder cannot be opened: `problem` says what is wrong with it. */
export class DataFolderDamagedError extends UdeskError {
  readonly dataDir: string;
  readonly problem: string;
  constructor(dataDir: string, problem: string, advice: string) {
    super(`the data folder ${dataDir} cannot be opened: ${problem}. ${advice}`);
    this.name = 'DataFolderDamagedError';
    this.dataDir = dataDir;
    this.problem = problem;
  }
}
