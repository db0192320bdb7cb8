// Typed errors, checked with `instanceof`. `setPrototypeOf` keeps `instanceof` working when a
// consumer's toolchain compiles classes down to ES5 (old mini program base libraries).

// Through an alias, so Babel's ES5 class transform does not pull in its large native-subclass
// wrapper for the native build; setPrototypeOf below does that job.
const NativeError: ErrorConstructor = Error;

/** Base class of every error this library throws or reports. */
export class UdeskError extends NativeError {
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'UdeskError';
  }
}

/** A value broke a rule. `path` names the field (`customer.email`), `rule` says what was expected. */
export class UdeskValidationError extends UdeskError {
  readonly path: string;
  readonly rule: string;
  constructor(path: string, rule: string) {
    super(`${path}: ${rule}`);
    this.name = 'UdeskValidationError';
    this.path = path;
    this.rule = rule;
  }
}

/** `init` was given a configuration that cannot work; `path` names the option. */
export class UdeskConfigError extends UdeskValidationError {
  constructor(path: string, rule: string) {
    super(path, rule);
    this.name = 'UdeskConfigError';
  }
}

/** A session-from value would exceed its byte budget and `overflow: 'throw'` was asked for. */
export class UdeskOverflowError extends UdeskError {
  readonly bytes: number;
  readonly maxBytes: number;
  constructor(bytes: number, maxBytes: number) {
    super(`session-from is ${bytes} UTF-8 bytes, over the allowed ${maxBytes}`);
    this.name = 'UdeskOverflowError';
    this.bytes = bytes;
    this.maxBytes = maxBytes;
  }
}

/** A string is not a Udesk session-from value. */
export class UdeskParseError extends UdeskError {
  constructor(message: string) {
    super(message);
    this.name = 'UdeskParseError';
  }
}
