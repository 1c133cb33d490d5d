import { Test, type TestingModule } from '@nestjs/testing';
import { CLI_OUTPUT } from '../../src/cli/cli-io.js';
import { CliModule } from '../../src/cli/cli.module.js';
import type { AppConfig } from '../../src/config/config.js';

/** Collects what a command prints; `take()` returns it and starts afresh. */
export interface OutputSink {
  text: string;
  write(text: string): boolean;
  take(): string;
}

/** An output sink for {@link CLI_OUTPUT}. */
export function outputSink(): OutputSink {
  return {
    text: '',
    write(text: string) {
      this.text += text;
      return true;
    },
    take() {
      const text = this.text;
      this.text = '';
      return text;
    },
  };
}

/** The CLI's module as `npm run cli` builds it (same module, same config), its output going to `out`, initialised. */
export async function cliModule(config: AppConfig, out: OutputSink): Promise<TestingModule> {
  const cli = await Test.createTestingModule({ imports: [CliModule.forRoot(config)] })
    .overrideProvider(CLI_OUTPUT)
    .useValue(out)
    .compile();
  await cli.init();
  return cli;
}
