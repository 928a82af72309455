import { Command, InvalidArgumentError } from 'commander';
import type { ModelInfo } from '../../shared/contract/index.js';
import type { Lab } from '../../core/lab-types.js';
import { CliError } from '../cli-error.js';
import { createCliLogger } from '../cli-logger.js';
import { prepareDataDir, withDataDirOption } from '../data-dir.js';
import { formatModelDetail, formatModelsTable } from '../models-report.js';
import { openCliLab } from '../open-cli-lab.js';
import { writeStdout } from '../stdout.js';

interface ModelsOptions {
  dataDir?: string;
  json?: boolean;
}

function parseModelId(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('a model id, a whole number from 1 (`tradelab models` lists them)');
  return n;
}

/**
 * `tradelab models` lists the registry; `models show <id>` and `models delete <id>` act on one.
 * The listing is the default subcommand so that the bare `tradelab models [--json]` works.
 */
export function modelsCommand(): Command {
  return new Command('models')
    .description('the model registry: list trained policies with their test metrics, show one, delete one')
    .addCommand(modelsListCommand(), { isDefault: true })
    .addCommand(modelsShowCommand())
    .addCommand(modelsDeleteCommand());
}

function modelsListCommand(): Command {
  const command = new Command('list')
    .description('list registered models: id, name, created, series, backend, key out-of-sample metrics')
    .option('--json', 'print the models (lineage, config, evaluation, files) as one JSON array');
  return withDataDirOption(command)
    .addHelpText('after', '\nExamples:\n  tradelab models\n  tradelab models --json')
    .action(async (options: ModelsOptions) => {
      await withLab(options, async (lab) => {
        const models = await lab.listModels({});
        if (options.json) writeStdout(JSON.stringify(models));
        else for (const line of formatModelsTable(models)) writeStdout(line);
      });
    });
}

function modelsShowCommand(): Command {
  const command = new Command('show')
    .description(
      'one model: lineage (series, date ranges, data hash, features, seed, backend, code) and evaluation',
    )
    .argument('<id>', 'the model id (`tradelab models` lists them)', parseModelId)
    .option('--json', 'print the model as one JSON object');
  return withDataDirOption(command).action(async (id: number, options: ModelsOptions) => {
    await withLab(options, async (lab) => {
      const model = await findModel(lab, id);
      if (options.json) writeStdout(JSON.stringify(model));
      else for (const line of formatModelDetail(model)) writeStdout(line);
    });
  });
}

function modelsDeleteCommand(): Command {
  const command = new Command('delete')
    .description('remove a model from the registry with its files (tfjs and ONNX); its training run stays')
    .argument('<id>', 'the model id (`tradelab models` lists them)', parseModelId)
    .option('--json', 'print {"modelId": id, "deleted": true} as the last line');
  return withDataDirOption(command).action(async (id: number, options: ModelsOptions) => {
    await withLab(options, async (lab) => {
      const { deleted } = await lab.deleteModel({ modelId: id });
      if (!deleted)
        throw new CliError(`No model ${id} to delete; \`tradelab models\` lists the registered ones.`);
      if (options.json) writeStdout(JSON.stringify({ modelId: id, deleted }));
      else writeStdout(`Deleted model ${id} and its files.`);
    });
  });
}

async function findModel(lab: Lab, id: number): Promise<ModelInfo> {
  const model = (await lab.listModels({})).find((m) => m.id === id);
  if (!model) throw new CliError(`No model ${id}; \`tradelab models\` lists the registered ones.`);
  return model;
}

async function withLab(options: ModelsOptions, body: (lab: Lab) => Promise<void>): Promise<void> {
  const lab = await openCliLab(prepareDataDir(options.dataDir), 'cli', createCliLogger('models'));
  try {
    await body(lab);
  } finally {
    await lab.close();
  }
}
