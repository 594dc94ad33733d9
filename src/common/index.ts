// common/: the vocabulary every part shares and nothing else — attribute paths, diagnostics,
// the policy for thrown errors (thrown.ts), and the redacting logger (JSON lines on stderr in go-plugin's format).
// Imports nothing from the rest of src/.
export { AttributePath, AttributePathError, type PathStep } from './attribute-path.js';
export { Diagnostics, type Diagnostic, type Severity } from './diagnostics.js';
export { SafeError, describeThrown, isSafeError, reportThrown, stackFrames, type ThrownReport } from './thrown.js';
export {
  createLogger,
  loggerFromEnv,
  levelFromEnv,
  redact,
  sensitive,
  silentLogger,
  timestamp,
  type Logger,
  type LogLevel,
  type LogFields,
  type LoggerOptions,
  type Sensitive,
} from './logger.js';
