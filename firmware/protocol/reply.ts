// How a command answers: data lines, then exactly one final line.
export interface Reply {
  line(text: string): void;
  ok(): void;
  /** The final line ERR `code`; `why`: what went wrong, beside the code's own text ("link A down"). */
  err(code: number, why?: string): void;
  /** Ends the command without a final line: another SMC answers (pass-through). */
  handOff?(): void;
}
