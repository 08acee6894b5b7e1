// Espruino globals that @types/espruino leaves out (it expects DOM or Node
// typings to supply them). Only firmware/hal/espruino.ts may use them; a
// test (host-tests/layering.test.ts) enforces that.
declare function setTimeout(fn: () => void, ms: number): number;
declare function clearTimeout(id: number): void;
declare function setInterval(fn: () => void, ms: number): number;
declare function clearInterval(id: number): void;
declare const process: {
  memory(): { free: number; usage: number; total: number };
};
declare namespace E {
  function enableWatchdog(timeout: number, isAuto?: boolean): void;
  function reboot(): void;
  function CRC32(data: string): number;
}
declare const console: { log(...args: any[]): void };
/**
 * require("Storage"), as the record files use it (it is their Flash): named
 * here so the build keeps these names unshortened (host/build/mangle.ts).
 */
declare interface StorageModule {
  read(name: string): string | undefined;
  write(name: string, data: string, offset?: number, size?: number): boolean;
  erase(name: string): void;
}
