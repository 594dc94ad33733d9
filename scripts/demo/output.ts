// What the demo prints: numbered steps with their timing, indented detail lines, and a redactor
// that every line passes through, so a generated token can never reach the terminal.
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string): void {
    if (secret.length >= 6) this.secrets.add(secret);
  }

  clean(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('[redacted]');
    return out;
  }
}

/** A failure the demo explains in one line (no stack trace): what failed and what to do. */
export class DemoError extends Error {
  constructor(message: string, readonly detail?: string) {
    super(message);
    this.name = 'DemoError';
  }
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export class Output {
  private stepNo = 0;
  /** Set on Ctrl-C: a step cut short then says nothing more (the interruption was said). */
  interrupted = false;
  readonly timings: { title: string; ms: number }[] = [];

  constructor(
    readonly redactor: Redactor,
    private readonly write: (text: string) => void = (t) => void process.stdout.write(t),
  ) {}

  line(text = ''): void {
    this.write(`${this.redactor.clean(text)}\n`);
  }

  /** Text without a newline (the stream's tokens as they arrive). */
  raw(text: string): void {
    this.write(this.redactor.clean(text));
  }

  detail(text: string): void {
    for (const l of text.split('\n')) this.line(`      ${l}`);
  }

  /** Runs one step: prints `[n] title`, then `done → summary (1.2 s)` or throws after timing it. */
  async step<T>(title: string, fn: () => Promise<T>, summary?: (v: T) => string): Promise<T> {
    this.stepNo += 1;
    this.line(`[${this.stepNo}] ${title}`);
    const t0 = performance.now();
    try {
      const v = await fn();
      const ms = performance.now() - t0;
      this.timings.push({ title, ms });
      const s = summary ? summary(v) : 'done';
      this.line(`      ${s} (${seconds(ms)})`);
      return v;
    } catch (err) {
      if (!this.interrupted) this.line(`      FAILED after ${seconds(performance.now() - t0)}`);
      throw err;
    }
  }
}
