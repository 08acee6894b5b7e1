// Step 1: TypeScript to ES5 modules with the firmware's compiler options
// (tsconfig.json), into a scratch folder. Any diagnostic fails the build.
import path from "node:path";
import ts from "typescript";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const HELPERS = path.join(ROOT, "firmware/runtime/tshelpers.ts");

/** Compiles `entries` (and what they import) into `outDir`; returns the emitted path of each entry. */
export function compile(entries: string[], outDir: string): string[] {
  return compileProgram(entries, outDir).files;
}

/** The same, with the program (its types give the build's reserve list of property names). */
export function compileProgram(entries: string[], outDir: string): { files: string[]; program: ts.Program } {
  const configPath = path.join(ROOT, "tsconfig.json");
  const raw = ts.readConfigFile(configPath, ts.sys.readFile);
  if (raw.error) throw new Error(ts.flattenDiagnosticMessageText(raw.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(raw.config, ts.sys, ROOT);
  // rootDir fixed at the repo so emitted paths are predictable for any entry.
  const options: ts.CompilerOptions = { ...parsed.options, outDir, rootDir: ROOT, noEmit: false, declaration: false, sourceMap: false };
  const typeFiles = parsed.fileNames.filter((f) => f.endsWith(".d.ts"));
  const program = ts.createProgram([...entries, HELPERS, ...typeFiles], options);
  const emitted = program.emit();
  const diagnostics = ts.getPreEmitDiagnostics(program).concat(emitted.diagnostics);
  if (diagnostics.length) {
    throw new Error(
      ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => ROOT,
        getNewLine: () => "\n",
      }),
    );
  }
  return { files: entries.map((e) => path.join(outDir, path.relative(ROOT, e)).replace(/\.ts$/, ".js")), program };
}
