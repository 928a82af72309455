import type { JobIssue } from '../../../shared/contract/index.js';
import { formatInt } from '../../lib/format.js';

/**
 * Per-input problems of a job that did not stop it (a rejected archive, a malformed line), shown
 * while it runs and after. The list scrolls: a long fetch can reject many files.
 */
export function JobIssueList({
  issues,
  testIdPrefix,
}: {
  issues: readonly JobIssue[];
  testIdPrefix: string;
}) {
  if (issues.length === 0) return null;
  return (
    <div className="import-issues" data-testid={`${testIdPrefix}-errors`} data-count={issues.length}>
      <div className="import-issues__head">
        {formatInt(issues.length)} {issues.length === 1 ? 'problem' : 'problems'} with input files
      </div>
      <ul className="import-issues__list">
        {issues.map((issue, i) => (
          <li key={i} className="import-issue" data-testid={`${testIdPrefix}-error`}>
            <span
              className="import-issue__subject mono"
              data-field="subject"
              data-value={issue.subject}
              title={issue.subject}
            >
              <bdi>{issue.subject}</bdi>
            </span>
            <span className="import-issue__line num" data-field="line">
              {issue.line != null ? `line ${formatInt(issue.line)}` : ''}
            </span>
            <span className="import-issue__message" data-field="message">
              {issue.message}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
