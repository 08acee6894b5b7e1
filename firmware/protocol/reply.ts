// How a command answers: data lines, then exactly one final line.
export interface Reply {
  line(text: string): void;
  ok(): void;
  err(code: number): void;
  /** Ends the command without a final line: another SMC answers (pass-through). */
  handOff?(): void;
}
