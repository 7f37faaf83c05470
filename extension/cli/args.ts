import { UserInputError } from '../core/errors';
import { OPTION_RANGES, type NumericOption } from '../core/train/options';
import { guardOutputs, type NamedPath } from '../core/util/outputGuard';
import { parseFloatToken } from '../core/vectors/floatText';

/** A command-line mistake (unknown flag, missing argument, bad value): exit code 2, as usual for usage errors. */
export class UsageError extends UserInputError {}

export interface FlagSpec {
  /** Long name without dashes, e.g. "min-count". */
  name: string;
  /** One-letter alias without the dash, e.g. "k". */
  short?: string;
  kind: 'number' | 'string' | 'boolean' | 'strings';
  /** For numbers: validate against the engine's range for this option. */
  range?: NumericOption | { min: number; max: number; integer: boolean };
  /** For strings: the allowed values. */
  choices?: readonly string[];
  /** Shown in --help, e.g. "N" or "FILE". */
  value?: string;
  help: string;
}

export interface CommandSpec {
  /** e.g. "neighbours". */
  name: string;
  /** Usage line after "w2v ", e.g. "neighbours <vectors> <word> [-k 10]". */
  usage: string;
  summary: string;
  /** Names of the required positionals, in order. */
  positionals: string[];
  flags: FlagSpec[];
  /** Extra help text after the flags. */
  notes?: string;
}

export interface ParsedArgs {
  positionals: string[];
  /** By long flag name: number, string, true, or string[] for 'strings' flags. Absent when not given. */
  flags: Map<string, number | string | boolean | string[]>;
  help: boolean;
}

function rangeOf(spec: FlagSpec): { min: number; max: number; integer: boolean } | undefined {
  if (spec.range === undefined) return undefined;
  return typeof spec.range === 'string' ? OPTION_RANGES[spec.range] : spec.range;
}

function parseValue(spec: FlagSpec, raw: string, command: string): number | string {
  const flag = `--${spec.name}`;
  if (spec.kind === 'number') {
    const v = parseFloatToken(raw.trim());
    const r = rangeOf(spec);
    if (v === undefined || !Number.isFinite(v)) throw new UsageError(`${flag} needs a number, got ${JSON.stringify(raw)} (see w2v ${command} --help).`);
    if (r && (v < r.min || v > r.max || (r.integer && !Number.isInteger(v)))) {
      throw new UsageError(`${flag} ${raw} is out of range: it must be ${r.integer ? 'an integer' : 'a number'} from ${r.min} to ${r.max}.`);
    }
    return v;
  }
  if (spec.choices && !spec.choices.includes(raw)) {
    throw new UsageError(`${flag} ${JSON.stringify(raw)} is not one of: ${spec.choices.join(', ')}.`);
  }
  return raw;
}

/**
 * Parses `argv` (after the command name) against `spec`: `--name value`, `--name=value`, `-k value`,
 * boolean `--name`, and `--` to end the flags. Unknown flags, missing values, bad numbers and wrong
 * positional counts are UsageErrors that name the flag and point to --help.
 */
export function parseArgs(argv: string[], spec: CommandSpec): ParsedArgs {
  const flags = new Map<string, number | string | boolean | string[]>();
  const positionals: string[] = [];
  let help = false;
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || !arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const long = arg.startsWith('--');
    const eq = arg.indexOf('=');
    const key = long ? arg.slice(2, eq >= 0 ? eq : undefined) : arg.slice(1, eq >= 0 ? eq : undefined);
    const f = spec.flags.find((s) => (long ? s.name === key : s.short === key));
    if (!f) {
      throw new UsageError(`Unknown flag ${long ? '--' : '-'}${key} for "w2v ${spec.name}"; see w2v ${spec.name} --help.`);
    }
    if (f.kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${f.name} takes no value.`);
      flags.set(f.name, true);
      continue;
    }
    let raw: string;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new UsageError(`--${f.name} needs a value${f.value ? ` (${f.value})` : ''}.`);
      raw = argv[++i];
    }
    const value = parseValue(f, raw, spec.name);
    if (f.kind === 'strings') flags.set(f.name, [...((flags.get(f.name) as string[] | undefined) ?? []), String(value)]);
    else flags.set(f.name, value);
  }
  if (!help) {
    if (positionals.length < spec.positionals.length) {
      const missing = spec.positionals.slice(positionals.length).map((p) => `<${p}>`).join(' ');
      throw new UsageError(`Missing ${missing}. Usage: w2v ${spec.usage}`);
    }
    if (positionals.length > spec.positionals.length) {
      throw new UsageError(`Unexpected argument ${JSON.stringify(positionals[spec.positionals.length])}. Usage: w2v ${spec.usage}`);
    }
  }
  return { positionals, flags, help };
}

/** The --help text of a command. */
export function helpText(spec: CommandSpec): string {
  const rows = spec.flags.map((f) => {
    const names = `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.kind === 'boolean' ? '' : ` ${f.value ?? (f.kind === 'number' ? 'N' : 'VALUE')}`}`;
    const r = rangeOf(f);
    const extra = f.choices ? ` One of: ${f.choices.join(', ')}.` : r ? ` Range ${r.min}..${r.max}.` : '';
    return [names, f.help + extra];
  });
  rows.push(['-h, --help', 'Show this help.']);
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  return [
    `Usage: w2v ${spec.usage}`,
    '',
    spec.summary,
    '',
    'Options:',
    ...rows.map(([a, b]) => `  ${a.padEnd(width)}${b}`),
    ...(spec.notes ? ['', spec.notes] : []),
    '',
  ].join('\n');
}

/** Typed getters over ParsedArgs. */
export const flag = {
  number(a: ParsedArgs, name: string): number | undefined {
    const v = a.flags.get(name);
    return typeof v === 'number' ? v : undefined;
  },
  string(a: ParsedArgs, name: string): string | undefined {
    const v = a.flags.get(name);
    return typeof v === 'string' ? v : undefined;
  },
  strings(a: ParsedArgs, name: string): string[] {
    const v = a.flags.get(name);
    return Array.isArray(v) ? v : [];
  },
  boolean(a: ParsedArgs, name: string): boolean {
    return a.flags.get(name) === true;
  },
};

/**
 * The core's output guard (no output reaches an input or another output; folders writable; no
 * FIFO or device replaced), its refusals as usage errors: they are about the paths on the command line.
 */
export async function guardOutputFlags(inputs: readonly NamedPath[], outputs: readonly NamedPath[]): Promise<void> {
  try {
    await guardOutputs(inputs, outputs);
  } catch (e) {
    throw e instanceof UserInputError ? new UsageError(e.message) : e;
  }
}
