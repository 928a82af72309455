/** One column of a text table: its header and how a row shows in it. */
export interface TableColumn<Row> {
  title: string;
  value: (row: Row) => string;
  alignRight?: boolean;
}

/** Rows as aligned text lines, header first, columns two spaces apart, no trailing blanks. */
export function formatTable<Row>(columns: readonly TableColumn<Row>[], rows: readonly Row[]): string[] {
  const cells = [columns.map((c) => c.title), ...rows.map((row) => columns.map((c) => c.value(row)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i].length)));
  return cells.map((line) =>
    line
      .map((cell, i) => (columns[i].alignRight ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}
