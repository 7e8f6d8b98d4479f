/**
 * How a command held in the startup snapshot hands work to the command
 * line's own modules: set by snapshot.ts when the process starts from the
 * snapshot, null in every other. The snapshot holds no service: `deliver`
 * without one running hands the message, already read, to the modules'
 * `deliver`, which stores and reads it in this process. Only an exit status
 * crosses back: the modules' errors are of their own classes.
 */
export let runInModules: ((argv: string[], stdin: Buffer) => Promise<number>) | null = null;

export function handWorkToModules(runner: (argv: string[], stdin: Buffer) => Promise<number>): void {
  runInModules = runner;
}
