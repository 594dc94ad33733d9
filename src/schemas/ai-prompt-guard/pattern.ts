// The guard's patterns are PCRE (Kong runs them with ngx.re.find, flags "jo": an unanchored,
// case-sensitive search). JavaScript's RegExp reads the common subset the same way; this file
// maps the PCRE forms that differ and that patterns commonly use — a leading inline flag group
// such as `(?i)` or `(?is)`, and the `\A` / `\z` / `\Z` anchors — and refuses what it cannot
// map, so a pattern is either compiled with Kong's meaning or rejected at configuration time.

export type CompiledPattern = { readonly ok: true; readonly regex: RegExp } | { readonly ok: false; readonly reason: string };

const LEADING_FLAGS = /^\(\?([imsx]+)\)/;

/** Compile one PCRE pattern to a JavaScript RegExp with the same meaning, or say why not. */
export function compilePattern(pattern: string): CompiledPattern {
  let source = pattern;
  let flags = '';
  const lead = LEADING_FLAGS.exec(source);
  if (lead) {
    if (lead[1]!.includes('x')) return { ok: false, reason: "the extended flag (?x) is not supported by this gateway; remove it and the pattern's whitespace" };
    flags = [...new Set(lead[1]!)].join('');
    source = source.slice(lead[0].length);
  }
  // \A, \z, \Z outside a character class (an even number of backslashes before them)
  source = source.replace(/(?<!\\)((?:\\\\)*)\\([AzZ])/g, (_m, pre: string, a: string) => `${pre}${a === 'A' ? '(?<![\\s\\S])' : a === 'z' ? '(?![\\s\\S])' : '(?=\\n?(?![\\s\\S]))'}`);
  try {
    return { ok: true, regex: new RegExp(source, flags) };
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
    return { ok: false, reason: `not a valid regular expression (${why})` };
  }
}
