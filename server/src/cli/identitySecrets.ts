// The apps' identity secrets for `taro-udesk-server`: from files (`--identity-secret-file
// APPID:PATH`, repeatable: give an app two while rotating its secret) or the environment
// (`TARO_UDESK_IDENTITY_SECRETS=appId:secret,appId:secret`), never as a flag's value, which `ps`
// shows every user of the machine. Files win over the environment, as `--app` does.
import { readFileSync } from 'fs';

const splitPair = (value: string, what: string): [string, string] => {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) throw new Error(what);
  return [value.slice(0, colon), value.slice(colon + 1)];
};

export function identitySecretsFrom(
  files: string[] | undefined,
  fromEnv: string | undefined,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): Array<[string, string]> {
  if (files !== undefined && files.length > 0) {
    return files.map((value) => {
      const [appId, path] = splitPair(value, '--identity-secret-file takes APPID:PATH');
      let secret: string;
      try {
        secret = readFile(path);
      } catch (error) {
        throw new Error(`--identity-secret-file: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      // A file written by `echo` ends with a newline that is not part of the secret.
      return [appId, secret.trim()];
    });
  }
  return (fromEnv ?? '').split(',').map((entry) => entry.trim()).filter(Boolean)
    .map((entry) => splitPair(entry, 'TARO_UDESK_IDENTITY_SECRETS takes appId:secret,appId:secret'));
}
