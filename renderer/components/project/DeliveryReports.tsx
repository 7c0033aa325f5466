import type { DeliveryCheck, DeliveryReport } from '../../../shared/project-session';
import { formatSeconds } from '../../lib/format';

/** -16.04 LUFS → "−16.0 LUFS", with the typographic minus the export dialog uses. */
function measured(check: DeliveryCheck): string {
  if (!Number.isFinite(check.value)) return `${check.value < 0 ? '−' : ''}∞ ${check.unit}`;
  return `${check.value < 0 ? '−' : ''}${Math.abs(check.value).toFixed(1)} ${check.unit}`;
}

/** What the exported files measure against their delivery spec: one table per file, PASS or FAIL per check. */
export function DeliveryReports({ reports }: { reports: DeliveryReport[] }) {
  return (
    <div className="reports">
      {reports.map((report) => (
        <table key={report.fileName} className="report" aria-label={`Delivery report for ${report.fileName}`}>
          <caption>
            <span className="report__file">{report.fileName}</span>
            <span className={report.passed ? 'verdict verdict--pass' : 'verdict verdict--fail'}>
              {report.passed ? 'PASS' : 'FAIL'}
            </span>
            <span className="report__spec">
              {report.presetLabel} · {formatSeconds(report.durationSeconds)} · report saved as {report.reportFileName}
            </span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Measured</th>
              <th scope="col">Limit</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {report.checks.map((check) => (
              <tr key={check.label} className={check.passed ? 'report__row' : 'report__row report__row--fail'}>
                <th scope="row">{check.label}</th>
                <td>{measured(check)}</td>
                <td>{check.limit}</td>
                <td>
                  <span className={check.passed ? 'verdict verdict--pass' : 'verdict verdict--fail'}>
                    {check.passed ? 'PASS' : 'FAIL'}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
