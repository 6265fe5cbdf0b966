/**
 * The help pages (`roi-ledger --help`, `roi-ledger COMMAND --help`, `roi-ledger help [COMMAND]`)
 * without loading commander, which is most of the start-up time of a help page (issue 4).
 *
 * The text is commander's, byte for byte: the layout of commander 14's `Help` (usage, description,
 * then arguments, options and commands, their terms padded to one width and their descriptions
 * wrapped to the terminal), built from the same declarations (COMMANDS in main.ts). Only what those
 * declarations use is covered; test/cli/main.test.ts compares every page with commander's own at
 * every width from 0 to 200 columns, so that a new kind of declaration or a new commander cannot
 * make them differ unnoticed.
 */
import type { CommandSpec, OptionSpec } from './main.js';

interface Item {
  readonly term: string;
  readonly description: string;
}

interface Page {
  readonly usage: string;
  readonly description: string;
  readonly arguments: readonly Item[];
  readonly options: readonly Item[];
  readonly commands: readonly Item[];
}

/** commander's help option and help command. */
const HELP_OPTION: Item = { term: '-h, --help', description: 'display help for command' };
const HELP_COMMAND: Item = { term: 'help [command]', description: 'display help for command' };
/** commander's description of the version option. */
const VERSION_DESCRIPTION = 'output the version number';
/** commander does not wrap a description into fewer columns than this. */
const MIN_WIDTH_TO_WRAP = 40;

export interface Program {
  readonly name: string;
  readonly description: string;
  readonly versionFlags: string;
  /** The operand of the commands that read inputs: `[NAME...]`. */
  readonly paths: { readonly name: string; readonly description: string };
  readonly commands: readonly CommandSpec[];
}

/**
 * The help page of the program (`command` null) or of one command, for a terminal `width` columns
 * wide (undefined off a terminal: 80).
 */
export function helpText(program: Program, command: CommandSpec | null, width: number | undefined): string {
  return format(command ? commandPage(program, command) : programPage(program), width ?? 80);
}

function programPage(p: Program): Page {
  return {
    usage: `${p.name} [options] [command]`,
    description: p.description,
    arguments: [],
    options: [{ term: p.versionFlags, description: VERSION_DESCRIPTION }, HELP_OPTION],
    commands: [
      ...p.commands.map((c) => ({
        term: `${c.name}${c.options.length ? ' [options]' : ''}${c.paths ? ` [${p.paths.name}...]` : ''}`,
        description: c.description,
      })),
      HELP_COMMAND,
    ],
  };
}

function commandPage(p: Program, c: CommandSpec): Page {
  return {
    usage: `${p.name} ${c.name} [options]${c.paths ? ` [${p.paths.name}...]` : ''}`,
    description: c.description,
    arguments: c.paths ? [{ term: p.paths.name, description: p.paths.description }] : [],
    options: [...c.options.map(optionItem), HELP_OPTION],
    commands: [],
  };
}

/** An option's default is shown after its description: a value option's, `[]` for a list. */
function optionItem(o: OptionSpec): Item {
  const dflt = o.repeatable ? [] : o.default;
  return {
    term: o.flags,
    description: dflt === undefined ? o.description : `${o.description} (default: ${JSON.stringify(dflt)})`,
  };
}

function format(page: Page, width: number): string {
  const all = [...page.arguments, ...page.options, ...page.commands];
  const termWidth = all.reduce((w, i) => Math.max(w, i.term.length), 0);
  const list = (heading: string, items: readonly Item[]) =>
    items.length ? [heading, ...items.map((i) => formatItem(i, termWidth, width)), ''] : [];
  return [
    `Usage: ${page.usage}`,
    '',
    ...(page.description.length ? [boxWrap(page.description, width), ''] : []),
    ...list('Arguments:', page.arguments),
    ...list('Options:', page.options),
    ...list('Commands:', page.commands),
  ].join('\n');
}

/** `  TERM  DESCRIPTION`, the description wrapped into what the term leaves of the width. */
function formatItem(item: Item, termWidth: number, width: number): string {
  if (!item.description) return `  ${item.term}`;
  const remaining = width - termWidth - 4;
  const description =
    remaining < MIN_WIDTH_TO_WRAP || /\n[^\S\r\n]/.test(item.description)
      ? item.description
      : boxWrap(item.description, remaining).replace(/\n/g, `\n${' '.repeat(termWidth + 2)}`);
  return `  ${item.term.padEnd(termWidth)}  ${description.replace(/\n/g, '\n  ')}`;
}

/** Wraps at whitespace, keeping the line breaks already there. */
function boxWrap(text: string, width: number): string {
  if (width < MIN_WIDTH_TO_WRAP) return text;
  const out: string[] = [];
  for (const line of text.split(/\r\n|\n/)) {
    const chunks = line.match(/[\s]*[^\s]+/g);
    if (chunks === null) {
      out.push('');
      continue;
    }
    let current = chunks[0]!;
    for (const chunk of chunks.slice(1)) {
      if (current.length + chunk.length <= width) current += chunk;
      else {
        out.push(current);
        current = chunk.trimStart();
      }
    }
    out.push(current);
  }
  return out.join('\n');
}
