/**
 * A two-column table of [name, value] pairs in their original order. Index keys: duplicate names
 * are expected (headers, query, form fields) and the list never reorders.
 */
export function PairsTable({ pairs, testId, nameLabel = "Name" }: { pairs: [string, string][]; testId?: string; nameLabel?: string }) {
  return (
    <div className="overflow-x-auto">
      <table data-testid={testId} className="w-full border-collapse text-left font-mono text-xs">
        <thead>
          <tr className="border-b border-zinc-200 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            <th scope="col" className="py-1.5 pr-4 font-medium">{nameLabel}</th>
            <th scope="col" className="py-1.5 font-medium">Value</th>
          </tr>
        </thead>
        <tbody>
          {pairs.map(([name, value], i) => (
            <tr key={i} className="border-b border-zinc-100 align-top last:border-0 dark:border-zinc-900">
              <td className="py-1.5 pr-4 break-all text-zinc-700 dark:text-zinc-300">{name}</td>
              <td className="py-1.5 break-all whitespace-pre-wrap">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
