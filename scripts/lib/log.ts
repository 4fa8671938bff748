// Coloured, prefixed terminal output shared by every script.
import { styleText } from 'node:util';

type Colour = Parameters<typeof styleText>[0];

const paint = (colour: Colour, text: string) =>
  process.stdout.isTTY || process.env.FORCE_COLOR ? styleText(colour, text) : text;

export const colour = {
  green: (text: string) => paint('green', text),
  red: (text: string) => paint('red', text),
  yellow: (text: string) => paint('yellow', text),
  cyan: (text: string) => paint('cyan', text),
  dim: (text: string) => paint('dim', text),
  bold: (text: string) => paint('bold', text),
};

export const log = {
  step: (message: string) => console.log(`${colour.cyan('›')} ${message}`),
  ok: (message: string) => console.log(`${colour.green('✔')} ${message}`),
  warn: (message: string) => console.log(`${colour.yellow('!')} ${message}`),
  fail: (message: string) => console.error(`${colour.red('✖')} ${message}`),
};

/** An error whose message is meant for the user as it stands: scripts print it without a stack. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
