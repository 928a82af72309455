import type { JobProgress } from '../../../shared/contract/index.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { formatBytes } from '../../lib/format.js';
import { baseName, fileFraction } from '../../lib/transfer-format.js';

type ActiveFile = NonNullable<NonNullable<JobProgress['detail']>['active']>[number];

/** The files a fetch is downloading right now, each with its own small bar. */
export function ActiveFiles({ files, testIdPrefix }: { files: readonly ActiveFile[]; testIdPrefix: string }) {
  if (files.length === 0) return null;
  return (
    <div className="active-files">
      <div className="active-files__head muted">In flight ({files.length})</div>
      <ul className="active-files__list">
        {files.map((file) => (
          <li
            key={file.name}
            className="active-file"
            data-testid={`${testIdPrefix}-active-file`}
            data-name={file.name}
            title={file.name}
          >
            <span className="active-file__name mono">{baseName(file.name)}</span>
            <ProgressBar fraction={fileFraction(file)} label={`Download of ${baseName(file.name)}`} />
            <span className="active-file__bytes num muted">
              {formatBytes(file.done)}
              {file.total != null && ` / ${formatBytes(file.total)}`}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
