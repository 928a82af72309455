import fs from 'node:fs';
import path from 'node:path';
import { ImportBinanceParams, type ImportSummary, type JobIssue } from '../../../shared/contract/index.js';
import { JobCancelled, type JobContext } from '../../jobs/job-context.js';
import { ProgressMeter } from '../../jobs/progress-meter.js';
import { FileRejected } from './file-rejected.js';
import { importKlineFile } from './import-kline-file.js';

/**
 * The `import-binance-files` job: walks the given files and folders, imports each kline file in its
 * own transaction, records every rejected file on the job, and carries on with the rest. Re-running
 * it (resume after a crash or shutdown) skips files already stored.
 */
export async function runImportJob(rawParams: unknown, ctx: JobContext): Promise<ImportSummary> {
  const params = ImportBinanceParams.parse(rawParams);
  const summary: ImportSummary = { filesOk: 0, filesSkipped: 0, filesRejected: 0, barsStored: 0 };
  const files = collectFiles(params.paths, (issue) => {
    summary.filesRejected++;
    ctx.issue(issue);
  });
  const meter = new ProgressMeter('files', ctx.now);
  ctx.progress(
    meter.update(0, files.length, files.length ? `found ${files.length} files` : 'no kline files found'),
  );

  for (let i = 0; i < files.length; i++) {
    await ctx.yieldToHost();
    if (ctx.isCancelled()) throw new JobCancelled(summary);
    const file = files[i];
    try {
      const result = importKlineFile(ctx.db, file, { market: params.market, now: ctx.now() });
      if (result.status === 'ok') {
        summary.filesOk++;
        summary.barsStored += result.bars;
        ctx.coverageChanged();
      } else {
        summary.filesSkipped++;
      }
    } catch (err) {
      if (!(err instanceof FileRejected)) throw err;
      summary.filesRejected++;
      ctx.issue({ subject: file, message: err.message, ...(err.line ? { line: err.line } : {}) });
    }
    ctx.progress(meter.update(i + 1, files.length, path.basename(file)));
  }
  return summary;
}

/**
 * Expands folders (recursively, sorted so imports run in date order) into candidate kline files.
 * Inside folders only .zip/.csv files count (CHECKSUM files are read beside their zip); a path
 * named explicitly is always a candidate, so a wrong name is reported rather than ignored.
 */
function collectFiles(paths: string[], reject: (issue: JobIssue) => void): string[] {
  const out: string[] = [];
  const visit = (p: string, explicit: boolean) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      reject({
        subject: p,
        message: code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${(err as Error).message}`,
      });
      return;
    }
    if (stat.isDirectory()) {
      const names = fs.readdirSync(p).sort();
      for (const name of names) {
        if (name.startsWith('.')) continue;
        const child = path.join(p, name);
        if (fs.statSync(child).isDirectory()) visit(child, false);
        else if (/\.(zip|csv)$/i.test(name)) visit(child, false);
      }
    } else if (explicit || /\.(zip|csv)$/i.test(p)) {
      out.push(path.resolve(p));
    }
  };
  for (const p of paths) {
    const before = out.length;
    visit(p, true);
    if (out.length === before && fs.existsSync(p)) {
      reject({ subject: p, message: 'no Data Vision kline files (.zip or .csv) found here' });
    }
  }
  return out;
}
