// How a command answers: data lines, then exactly one final line.
export interface Reply {
  line(text: string): void;
  ok(): void;
  err(code: number): void;
}
