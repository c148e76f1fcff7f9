import { Help, type Command } from 'commander';

/** One line of a help list: what commander shows left (term) and right (description). */
export interface HelpItem {
  term: string;
  description: string;
  /** The heading it is listed under when not the default ("Options:", "Commands:"). */
  group?: string;
}

/**
 * A command's help as the data commander formats it: taken from the real program when the
 * bundle is built, formatted by commander's own Help at run time for the width of the
 * terminal. `g4f-chat --help` then answers without building the program (fast-paths.ts).
 */
export interface HelpSnapshot {
  usage: string;
  description: string;
  arguments: HelpItem[];
  options: HelpItem[];
  globalOptions: HelpItem[];
  commands: HelpItem[];
  /** Text added before and after the help (addHelpText), printed as it is. */
  before: string;
  after: string;
}

/** What `program.outputHelp()` would show, as data. */
export function takeHelpSnapshot(program: Command): HelpSnapshot {
  const helper = program.createHelp();
  const written: string[] = [];
  program.configureOutput({ writeOut: (text) => written.push(text), getOutHelpWidth: () => 80, getOutHasColors: () => false });
  program.outputHelp();
  const at = written.indexOf(program.helpInformation());
  if (at === -1) throw new Error('the help text was not written in one piece');
  return {
    usage: helper.commandUsage(program),
    description: helper.commandDescription(program),
    arguments: helper.visibleArguments(program).map((argument) => ({ term: helper.argumentTerm(argument), description: helper.argumentDescription(argument) })),
    options: helper.visibleOptions(program).map((option) => ({ term: helper.optionTerm(option), description: helper.optionDescription(option), group: option.helpGroupHeading })),
    globalOptions: helper.visibleGlobalOptions(program).map((option) => ({ term: helper.optionTerm(option), description: helper.optionDescription(option) })),
    commands: helper.visibleCommands(program).map((command) => ({ term: helper.subcommandTerm(command), description: helper.subcommandDescription(command), group: command.helpGroup() || undefined })),
    before: written.slice(0, at).join(''),
    after: written.slice(at + 1).join(''),
  };
}

/** The help text for `helpWidth` columns (undefined: commander's 80), as commander writes it. */
export function formatHelpSnapshot(snapshot: HelpSnapshot, helpWidth: number | undefined): string {
  const helper = new SnapshotHelp(snapshot);
  helper.prepareContext({ helpWidth });
  return snapshot.before + helper.formatHelp(snapshotCommand(snapshot), helper) + snapshot.after;
}

type Item = HelpItem & { helpGroupHeading?: string; helpGroup(): string };

/** The shape of a Command that commander's formatHelp reads, made of the snapshot's items. */
function snapshotCommand(snapshot: HelpSnapshot): Command {
  const item = (entry: HelpItem): Item => ({ ...entry, helpGroupHeading: entry.group, helpGroup: () => entry.group ?? '' });
  return { options: snapshot.options.map(item), commands: snapshot.commands.map(item) } as unknown as Command;
}

/** commander's Help, asked for the snapshot's words instead of a program's. */
class SnapshotHelp extends Help {
  constructor(private readonly snapshot: HelpSnapshot) {
    super();
    this.showGlobalOptions = snapshot.globalOptions.length > 0;
  }
  override commandUsage(): string {
    return this.snapshot.usage;
  }
  override commandDescription(): string {
    return this.snapshot.description;
  }
  override visibleArguments(): never[] {
    return this.snapshot.arguments as never[];
  }
  override visibleOptions(command: Command): never[] {
    return command.options as never[];
  }
  override visibleGlobalOptions(): never[] {
    return this.snapshot.globalOptions as never[];
  }
  override visibleCommands(command: Command): Command[] {
    return command.commands as Command[];
  }
  override argumentTerm(argument: unknown): string {
    return (argument as HelpItem).term;
  }
  override argumentDescription(argument: unknown): string {
    return (argument as HelpItem).description;
  }
  override optionTerm(option: unknown): string {
    return (option as HelpItem).term;
  }
  override optionDescription(option: unknown): string {
    return (option as HelpItem).description;
  }
  override subcommandTerm(command: unknown): string {
    return (command as HelpItem).term;
  }
  override subcommandDescription(command: unknown): string {
    return (command as HelpItem).description;
  }
}
